/**
 * The hub role. Its event log is an H2 MVStore map from offset to entry (enqueued time and the
 * message as {@link io.strata.api.message.MessageCodec} writes it), the same embedded store the
 * router's queues use: ordered keys make reading from an offset a range scan, and dropping the
 * oldest entries for retention is cheap. A message is acknowledged to the router only once it is
 * committed and synced, in batches, so a route's at-least-once delivery ends in the log.
 */
package io.strata.hub.internal;
