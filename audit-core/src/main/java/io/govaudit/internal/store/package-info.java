/**
 * The file store (docs/format.md sections 6, 7 and 9a): segment names, owner-only files, and
 * {@code FileChainStore}, which coordinates one class per job: {@code ChainLock} (one writer per
 * chain), {@code TailRecovery} (the open-time cut), {@code ActiveSegment} (durable appends and
 * rolls), {@code ClosedSegments} (compression's second half and purges), {@code ReserveFile} and
 * {@code UsedBytes} (space). No logging here; failures are thrown to the trail.
 */
package io.govaudit.internal.store;
