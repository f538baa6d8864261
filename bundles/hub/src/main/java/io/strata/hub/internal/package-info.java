/**
 * The hub role. Its event log is a view over the router's message log
 * ({@link io.strata.api.routing.RetainedLog}): the router already wrote every {@code $upstream}
 * message to disk once, before its sender was acknowledged, so the hub asks it to keep those messages
 * after delivery for {@code retentionHours} and at most {@code maxEvents}, and reads them by offset
 * (the log's sequence numbers). The {@code $upstream} endpoint therefore completes a delivery at once,
 * and nothing is written twice.
 */
package io.strata.hub.internal;
