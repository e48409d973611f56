package io.govaudit.internal.store;

import io.govaudit.AuditException;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.store.FileChainStore.Recovery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a chain goes on when it is opened, and cuts a torn tail (docs/format.md sections 7
 * and 9a, STYLE.md S27).
 *
 * <p>Ordering: segments are examined newest first, and only their tails ({@link SegmentTail}).
 * The newest segment, if plain and owner-writable, is the active one: its bytes after the last
 * complete, hash-valid record are the torn tail. A closed segment is never cut; if it does not end
 * with a valid record the open is refused. A cut goes: copy the torn bytes to
 * {@code <segment>.torn-<n>} (forced, directory forced), note the cut in {@code recovery.pending}
 * (forced, directory forced), and only then truncate the segment (forced). Nothing is destroyed
 * before a copy of it is durable.
 *
 * <p>Durability: the pending note is written before the cut and deleted ({@link #forgetPending})
 * only once the trail's {@code RECOVERY} records are durable, so every cut is reported even if the
 * process dies between the cut and its record.
 *
 * <p>Recovery: an open first reads the cuts an earlier open noted but did not report; a line of
 * the note torn by a crash names a cut that was never made (the note is forced before the cut)
 * and is skipped. A torn tail is not a loss of records: they were never acknowledged.
 *
 * <p>Failure: any {@link IOException} fails the open; the segment is then either uncut, or cut
 * with its quarantine copy and note already durable. Earlier records are never rewritten.
 *
 * <p>Thread-safety: stateless; called by the opener while it holds the chain's lock.
 */
final class TailRecovery {

    /**
     * Where the chain goes on.
     *
     * @param lastSeq       the seq of the last valid record, 0 for a new chain
     * @param lastHash      its hash, or the genesis prev
     * @param activeSegment the segment to append to, or null if a new one must be created
     * @param recoveries    the cuts to report: noted ones first, then the one made now
     */
    record Found(long lastSeq, String lastHash, Path activeSegment, List<Recovery> recoveries) {

        /** Copies the list. */
        Found {
            recoveries = List.copyOf(recoveries);
        }
    }

    private TailRecovery() {
    }

    /**
     * Scans the chain's segments from the newest, cutting the active segment's torn tail.
     *
     * @param chainDir  the chain directory
     * @param chainId   the chain the records must name
     * @param segments  the chain's segments, oldest first ({@link SegmentNames#list})
     * @param tailCheck what makes a last line an intact record
     * @return where the chain goes on
     * @throws AuditException if a closed segment does not end with a valid record
     * @throws IOException    if a file cannot be read, copied or cut
     */
    static Found recover(Path chainDir, String chainId, List<Path> segments, TailCheck tailCheck)
            throws IOException {
        List<Recovery> recoveries = readPending(chainDir);
        Path activePath = null;
        for (int i = segments.size() - 1; i >= 0; i--) {
            Path segment = segments.get(i);
            boolean writable = i == segments.size() - 1 && !SegmentNames.isGzip(segment.getFileName().toString())
                    && PosixFiles.ownerWritable(segment);
            SegmentTail tail = SegmentTail.read(segment, chainId, tailCheck);
            if (writable) {
                activePath = segment;
                if (tail.validLength < tail.size) {
                    recoveries.add(cut(segment, tail));
                }
            } else if (tail.lastSeq == 0) {
                throw new AuditException("closed segment " + segment + " does not end with a valid record of chain '"
                        + chainId + "'; the chain cannot be continued safely. Run 'audit-cli verify "
                        + chainDir.getParent() + "' and move the damaged chain aside, or use another chainId");
            }
            if (tail.lastSeq > 0) {
                return new Found(tail.lastSeq, tail.lastHash, activePath, recoveries);
            }
        }
        return new Found(0, RecordFormat.GENESIS_PREV, activePath, recoveries);
    }

    /**
     * Forgets the noted cuts once their {@code RECOVERY} records are durable.
     *
     * @param chainDir the chain directory
     * @throws IOException if the note cannot be deleted; the next open reports the cuts again
     */
    static void forgetPending(Path chainDir) throws IOException {
        if (Files.deleteIfExists(chainDir.resolve(SegmentNames.PENDING_RECOVERY_FILE))) {
            PosixFiles.forceDirectory(chainDir);
        }
    }

    /** Reads the cuts an earlier open made but could not report, because it crashed before. */
    private static List<Recovery> readPending(Path chainDir) throws IOException {
        Path file = chainDir.resolve(SegmentNames.PENDING_RECOVERY_FILE);
        List<Recovery> pending = new ArrayList<>();
        if (!Files.exists(file)) {
            return pending;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.split(" ");
            if (fields.length != 4 || !SegmentNames.isSegment(fields[0])) {
                continue; // a line torn by the crash: its cut was never made (the line is forced first)
            }
            try {
                pending.add(new Recovery(chainDir.resolve(fields[0]), Long.parseLong(fields[1]),
                        chainDir.resolve(fields[2]), Long.parseLong(fields[3])));
            } catch (NumberFormatException e) {
                // likewise torn
            }
        }
        return pending;
    }

    /** Quarantines, notes and cuts the bytes after the last valid record, in that order. */
    private static Recovery cut(Path segment, SegmentTail tail) throws IOException {
        long cut = tail.size - tail.validLength;
        byte[] torn = new byte[(int) Math.min(cut, Integer.MAX_VALUE - 8)];
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
            SegmentTail.readFully(in, ByteBuffer.wrap(torn), tail.validLength);
        }
        Path quarantine = quarantine(segment, torn);
        Recovery recovery = new Recovery(segment, cut, quarantine, tail.validLength);
        notePending(recovery);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(tail.validLength);
            channel.force(true);
        }
        return recovery;
    }

    /** Writes the torn bytes to the first free {@code <segment>.torn-<n>}, forced with its directory. */
    private static Path quarantine(Path segment, byte[] torn) throws IOException {
        Path quarantine;
        int n = 1;
        while (Files.exists(quarantine = segment.resolveSibling(
                SegmentNames.quarantineName(segment.getFileName().toString(), n)))) {
            n++;
        }
        try (FileChannel out = PosixFiles.openForWrite(quarantine, StandardOpenOption.CREATE_NEW)) {
            PosixFiles.writeFully(out, ByteBuffer.wrap(torn));
            out.force(true);
        }
        PosixFiles.forceDirectory(segment.getParent());
        return quarantine;
    }

    /** Notes a cut before it is made, so that a crash before its RECOVERY record is durable is still reported. */
    private static void notePending(Recovery recovery) throws IOException {
        Path chainDir = recovery.segment().getParent();
        String line = recovery.segment().getFileName() + " " + recovery.cutBytes() + " "
                + recovery.quarantine().getFileName() + " " + recovery.keptLength() + "\n";
        try (FileChannel out = PosixFiles.openForWrite(chainDir.resolve(SegmentNames.PENDING_RECOVERY_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            PosixFiles.writeFully(out, ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        PosixFiles.forceDirectory(chainDir);
    }
}
