/**
 * The Moquette adaptation: the one package that knows Moquette 0.17 and reaches into it by
 * reflection. {@link io.strata.broker.internal.moquette.MoquetteBroker} runs the server with the
 * edge hub's pipeline in every connection (publishes taken before Moquette acknowledges them,
 * routed messages delivered with their PUBACK awaited), publishing to one session alone, the TLS
 * session handed to the authenticator, the IoT Hub authenticator and authorizer, and the
 * interceptors. What the publishes mean is {@link io.strata.broker.internal.topics}'s to say.
 */
package io.strata.broker.internal.moquette;
