/**
 * The transport-neutral sides of the node links: what a parent shares with its child nodes
 * ({@link io.strata.api.node.ChildNodes}) and what a child takes from and gives to its parent
 * ({@link io.strata.api.node.ParentNode}). The AMQP and MQTT adapters only carry it.
 */
package io.strata.edgehub.internal.nodes;
