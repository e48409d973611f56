/**
 * The engine behind {@link io.govaudit.AuditTrail}: how one event becomes a durable, chained
 * record (docs/format.md). Applications never use it; the API package builds it through
 * {@link io.govaudit.internal.trail.TrailOpener} with an immutable
 * {@link io.govaudit.internal.trail.TrailConfig}.
 *
 * <p>The write path:
 * <pre>
 *  caller thread                         writer thread (one per chain)
 *  -------------                         ----------------------------------------------------
 *  AuditTrail.record(event)
 *    QueuedAuditTrail: validate, mask,
 *    encode the body (BodyEncoder)  --->  queue  --->  ChainWriter.process(batch)
 *    SYNC: wait for the ack                              capacity check, roll if due (Sealing:
 *                                                        checkpoint closes the segment)
 *                                                      GroupCommit: seq, ts, prev, hash (and
 *                                                        mac) appended in queue order, then
 *                                                        one write + one force (ChainStore);
 *                                                        ASYNC on the file store: the force
 *                                                        runs on the force thread while the
 *                                                        next batch is chained and written
 *                                                      head mark, anchors, acks   &lt;-- durable
 *                                                      Upkeep: epoch, re-count, purge by age
 *                                                        (RetentionPurger), capacity warning,
 *                                                        checkpoint when due (Sealing)
 *                                                      failures: WriteFailures -&gt;
 *                                                        RecordingSwitch (stop, probe, resume)
 * </pre>
 *
 * <p>Opening ({@link io.govaudit.internal.trail.TrailOpener}): store, torn-tail recovery, the
 * writer's own state ({@link io.govaudit.internal.trail.ChainContinuity}), keys, opening
 * records. Library records are built through {@link io.govaudit.internal.trail.LibraryEvents};
 * the public API refuses their types.
 *
 * <p>Rules: every class is confined to the writer thread unless it says otherwise (the force
 * thread of {@link io.govaudit.internal.trail.GroupCommit} runs nothing but a staged force); nothing here
 * swallows a failure (STYLE.md S17); the record format, the stores and the keys below never depend
 * on this package (checked by {@code ApiSurfaceTest}).
 */
package io.govaudit.internal.trail;
