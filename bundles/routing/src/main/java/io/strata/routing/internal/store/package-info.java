/**
 * The durable store-and-forward queues of the edge hub: {@link io.strata.routing.internal.store.QueueStore}.
 *
 * <h2>Why MVStore</h2>
 * H2's MVStore is on the node already (Moquette uses it, the {@code strata-moquette} feature installs it), and
 * its file format is append-only: a commit writes new chunks and a footer, never overwriting live data, and
 * opening the file picks the newest complete chunk. A crash at any moment leaves the last completed commit.
 *
 * <h2>What durable means</h2>
 * {@code append} returns only after its commit is written and the file is forced ({@code FileChannel.force}
 * through {@code MVStore.sync}); MVStore's commit alone stops at the operating system's page cache. An appended
 * message therefore survives {@code kill -9} and a power cut, which is what lets the broker acknowledge a QoS1
 * publish after {@code append} returns (Moquette's own queues are never forced). Appends arriving together share
 * one commit and fsync (group commit, {@link io.strata.routing.internal.store.GroupCommit}): the first waiter
 * syncs for all registered so far, the rest wait for it. Acknowledgements are committed but not forced: after a
 * power cut a delivered message may come again, which at-least-once allows. MVStore's auto-commit is off, so no
 * background thread writes behind a force's back.
 *
 * <h2>Layout</h2>
 * One map per endpoint, {@code queue.<endpoint>}, from entry id to entry. The id holds the priority (0 highest
 * to 9, 10 for unprioritised routes) above a store-wide sequence number, so key order is delivery order: highest
 * priority first, FIFO within a priority. A message routed to N endpoints is stored as N entries with the same
 * sequence number, one copy each, rather than once with reference counts: acknowledging, expiring and dropping
 * then touch one endpoint's map only, the size limit counts exactly what is stored, and no shared count can get
 * out of step after a crash. Fan-out to many endpoints is rare at the edge (usually {@code $upstream} and maybe
 * a local module), so the copies cost little. Map {@code checkpoints} holds each endpoint's newest acknowledged
 * sequence number, map {@code counters} the last sequence number handed out.
 *
 * <h2>Entries</h2>
 * An entry is the message in a small binary format with a leading version byte, the time it was enqueued and its
 * expiry ({@link io.strata.routing.internal.store.EntryFormat}). The expiry comes from the route's time to live or
 * the store's default; expired entries are dropped and counted when a consumer meets them. The store is bounded
 * by the bytes of its entries (not the file, which MVStore grows and reuses in chunks); when an append would
 * exceed the bound it is refused, or the oldest entries of the lowest priority present make room, per
 * {@link io.strata.routing.internal.store.FullPolicy}.
 *
 * <h2>Consuming</h2>
 * One consumer per endpoint peeks a batch, delivers it and acknowledges the ids it delivered; what it does not
 * acknowledge it peeks again, and after a restart everything unacknowledged is still there, in order.
 */
package io.strata.routing.internal.store;
