/**
 * The durable store-and-forward queues of the edge hub: {@link io.strata.routing.internal.store.QueueStore}.
 *
 * <h2>Why one log</h2>
 * Every message the router takes is written once, as one record at the end of an append-only log
 * ({@link io.strata.routing.internal.store.SegmentLog}), however many endpoints its routes name; each endpoint is
 * a cursor over that log: an in-memory index of the records it still waits for, and a checkpoint. Appending is a
 * copy into a buffer and acknowledging is a small removal record: no per-message tree updates, no rewrites of
 * live data, and the disk sees one sequential stream. The earlier MVStore file wrote each message 1.3 to 4.8 KB
 * of B-tree pages per endpoint and committed behind one global lock.
 *
 * <h2>What durable means</h2>
 * {@code append} returns a future that completes only after the record is written and its segment forced
 * ({@code FileChannel.force}). One committer thread writes everything appended since its last round and forces
 * once for all of it (group commit), so appenders never wait for each other's I/O and hold the store's lock only
 * to copy their record. An appended message whose future completed survives {@code kill -9} and a power cut, which
 * is what lets the broker acknowledge a QoS1 publish then. Removals (acknowledged, expired, dropped) are written
 * but not forced: after a power cut a delivered message may come again, which at-least-once allows.
 *
 * <h2>Layout</h2>
 * Numbered segment files, {@code 00000000000000000001.log} and on, of about 64 MB; a new one starts when a record
 * would not fit, and every time the store is opened. Each record is framed by its length and a CRC32C of its
 * body, and its body starts with its type ({@link io.strata.routing.internal.store.RecordFormat}): a message
 * (sequence number, enqueued time, each destination's endpoint, priority and expiry, then the message as
 * {@link io.strata.api.message.MessageCodec} writes it), a removal (why, the endpoint, the entry ids), a segment
 * start (the last sequence number and every endpoint's checkpoint, so older segments may go without losing
 * either) and the removal of an endpoint's queue. An entry id holds the priority (0 highest to 9, 10 for
 * unprioritised routes) above the sequence number, so an endpoint's index in id order is its delivery order:
 * highest priority first, FIFO within a priority.
 *
 * <h2>Opening</h2>
 * The segments are read in order and every record is replayed, so each endpoint resumes with exactly what was
 * appended to it and not removed. A record whose length runs past the end or whose CRC does not match ends the
 * log: a crash tore it while it was written, so nothing at or after it was acknowledged. The segment is cut
 * before it, later segments are deleted, and one WARN says how many bytes went.
 *
 * <h2>Memory</h2>
 * Per waiting entry the index holds its id, times and where its record is; the message itself is read back from
 * the log when peeked, unless it is among the most recent 32 MB, which stay decoded in a hot tail, so a consumer
 * that keeps up never reads the disk. Peeking costs what it returns plus the entries passed over, whatever the
 * depth of the queue.
 *
 * <h2>Limits</h2>
 * Expiry comes from the route's time to live or the store's default; expired entries are dropped and counted when
 * a consumer meets them. The store is bounded by the bytes of the records still waiting for some endpoint, each
 * counted once; when an append would exceed the bound it is refused, or the oldest entries of the lowest
 * priority present make room, per {@link io.strata.routing.internal.store.FullPolicy}. {@code compact} deletes
 * the segments at the head that no waiting entry refers to any more.
 *
 * <h2>Consuming</h2>
 * One consumer per endpoint peeks a batch, delivers it and acknowledges the ids it delivered; what it does not
 * acknowledge it peeks again, and after a restart everything unacknowledged is still there, in order.
 */
package io.strata.routing.internal.store;
