package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.RecordsLostException;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.store.HeadMark;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what a store holds with what the chain's writer last knew, when a trail opens
 * (docs/format.md, "Chain state and the head mark").
 *
 * <p>Evidence, strongest first: the head mark (seq and hash of a record the writer knew durable),
 * the store's own bookkeeping ({@link ChainStore#knownHead()}), and the key state files
 * ({@code epoch.key}, {@code signing-key.id}), which exist only once a chain was opened, so a
 * chain that has them but no record lost at least record 1.
 *
 * <p>Recovery: a store whose head is behind the evidence is refused ({@link RecordsLostException}),
 * or, when the operator allows it, continued after the highest seq the evidence proves, with a
 * {@code RECORDS_LOST} record naming the missing range. A head at the marked seq with another
 * hash was rewritten: that is refused even when losses are accepted, since continuing would
 * chain new records to a replaced one.
 *
 * <p>Stateless apart from its result; used once per open.
 */
final class ChainContinuity {

    /** Where the chain continues: the seq and hash its next record links to. */
    private final long startSeq;
    private final String startHash;
    private final AuditEvent.Builder lostRecord;

    private ChainContinuity(long startSeq, String startHash, AuditEvent.Builder lostRecord) {
        this.startSeq = startSeq;
        this.startHash = startHash;
        this.lostRecord = lostRecord;
    }

    /**
     * Checks an opened store against the writer's state.
     *
     * @param chainId  the chain
     * @param store    the opened store
     * @param stateDir the chain's state directory, or null if it has none
     * @param accept   whether the operator allowed continuing after lost records
     * @return where to continue
     * @throws RecordsLostException if records are missing and {@code accept} is false, or the
     *                              head was replaced
     * @throws IOException          if the head mark cannot be read or does not parse
     */
    static ChainContinuity check(String chainId, ChainStore store, Path stateDir, boolean accept) throws IOException {
        HeadMark mark = stateDir == null ? null : HeadMark.read(stateDir);
        long found = store.lastSeq();
        if (mark != null && found == mark.seq() && !store.lastHash().equals(mark.hash())) {
            throw new RecordsLostException(chainId, found, mark.seq(), "chain '" + chainId + "': record " + found
                    + " in the store is not the record the writer last wrote (hash " + store.lastHash() + ", its head "
                    + "mark " + stateDir.resolve(HeadMark.FILE_NAME) + " says " + mark.hash() + "): the end of the "
                    + "chain was rewritten or restored from another copy. Nothing was written. Verify the store "
                    + "with 'audit-cli verify' and compare it with a backup before the trail is opened again");
        }
        List<String> evidence = new ArrayList<>();
        long known = 0;
        String knownHash = null;
        if (mark != null && mark.seq() > found) {
            known = mark.seq();
            knownHash = mark.hash();
            evidence.add("its head mark " + stateDir.resolve(HeadMark.FILE_NAME) + " names seq " + mark.seq());
        }
        if (store.knownHead() > Math.max(found, known)) {
            known = store.knownHead();
            knownHash = null;
            evidence.add("the store's newest segment starts at seq " + store.knownHead());
        }
        if (found == 0 && known == 0 && stateDir != null) {
            List<String> files = SegmentNames.keyStateFiles(stateDir);
            if (!files.isEmpty()) {
                known = 1;
                evidence.add("its key state (" + String.join(", ", files) + ") exists only once records were written");
            }
        }
        if (known <= found) {
            return new ChainContinuity(found, store.lastHash(), null);
        }
        String range = (found + 1) + ".." + known;
        if (!accept) {
            throw new RecordsLostException(chainId, found, known, "chain '" + chainId + "' holds "
                    + (found == 0 ? "no records" : "records up to seq " + found) + ", but " + String.join("; and ",
                    evidence) + ": records " + range + " were deleted, or the store was restored from an older copy. "
                    + "Nothing was written. Find the missing records (a backup; 'audit-cli verify' shows what is "
                    + "there), or, to continue the chain after seq " + known + " with a RECORDS_LOST record that "
                    + "every verification reports, open it once with acceptLostRecords(true)");
        }
        AuditEvent.Builder lost = LibraryEvents.of(EventType.RECORDS_LOST)
                .detail("found_seq", found)
                .detail("lost_from", found + 1)
                .detail("lost_through", known)
                .detail("evidence", String.join("; ", evidence));
        if (knownHash != null) {
            lost.detail("lost_last_hash", knownHash);
        }
        return new ChainContinuity(known, knownHash != null ? knownHash : store.lastHash(), lost);
    }

    /** @return the seq the chain continues after */
    long startSeq() {
        return startSeq;
    }

    /** @return the hash the next record links to */
    String startHash() {
        return startHash == null ? RecordFormat.GENESIS_PREV : startHash;
    }

    /** @return the {@code RECORDS_LOST} record to write first, or null when nothing is missing */
    AuditEvent.Builder lostRecord() {
        return lostRecord;
    }
}
