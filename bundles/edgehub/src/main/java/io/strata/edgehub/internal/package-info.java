/**
 * The edge hub's services that do not depend on how clients connect: direct methods, cloud-to-device
 * messages and module inputs as route sinks ({@code BrokeredEndpoint}) are dispatched to the
 * {@link io.strata.api.module.ClientTransport} that serves the target (MQTT, AMQP, or in-process),
 * and modules that run inside the node connect through {@link io.strata.api.module.ModuleClientFactory}.
 */
package io.strata.edgehub.internal;
