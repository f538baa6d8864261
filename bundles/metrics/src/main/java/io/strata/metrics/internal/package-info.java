/**
 * Prometheus metrics of the node, read at each scrape from the services that already keep the
 * figures (routing, connections, agent, upstream link), and the node's health sent up the tree.
 */
package io.strata.metrics.internal;
