/**
 * The IoT Hub topic model over MQTT, free of Moquette: the topics of telemetry, twins, direct
 * methods, deliveries and child nodes ({@code $strata/nodes/...}), MQTT user names, and what the
 * edge hub does with the publishes it takes (telemetry to the router, twin requests, method
 * answers, node links). It reaches the running broker only through
 * {@link io.strata.broker.internal.topics.ClientSessions} and
 * {@link io.strata.broker.internal.topics.ClientPublisher}.
 */
package io.strata.broker.internal.topics;
