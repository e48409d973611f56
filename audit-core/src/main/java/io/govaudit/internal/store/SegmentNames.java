package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one owner of file names in a chain directory (docs/format.md sections 6-7, STYLE.md S24).
 *
 * <pre>
 * &lt;store&gt;/session.key                          key for actor.session hashes (0600)
 * &lt;store&gt;/&lt;chain&gt;/.lock                           held by the writer (OS file lock)
 * &lt;store&gt;/&lt;chain&gt;/.reserve                        zeros held back for the trail's own records
 * &lt;store&gt;/&lt;chain&gt;/head.mark                        seq and hash of a record the writer knew durable
 * &lt;store&gt;/&lt;chain&gt;/epoch.key                        the current epoch key of a keyed chain
 * &lt;store&gt;/&lt;chain&gt;/signing-key.id                   the id of the key that signs the chain
 * &lt;store&gt;/&lt;chain&gt;/recovery.pending                 tail cuts whose RECOVERY record is not durable yet
 * &lt;store&gt;/&lt;chain&gt;/00000000000000000001.log        segment named by the seq of its first record
 * &lt;store&gt;/&lt;chain&gt;/00000000000000000001.log.gz     a closed, gzipped segment
 * &lt;store&gt;/&lt;chain&gt;/00000000000000004711.log.torn-1 bytes cut from a torn tail, kept for inspection
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SegmentNames {

    /** Name of the lock file inside a chain directory. */
    public static final String LOCK_FILE = ".lock";
    /** Name of the session-hash key file inside the store directory. */
    public static final String SESSION_KEY_FILE = "session.key";
    /** Name of the file of zeros that holds space back for the trail's own records. */
    public static final String RESERVE_FILE = ".reserve";
    /**
     * Names the tail cuts whose {@code RECOVERY} record is not yet durable, one per line; written
     * before a cut, deleted once the record is durable, so a crash in between is still reported.
     */
    public static final String PENDING_RECOVERY_FILE = "recovery.pending";

    /** Name of the file holding the current epoch key of a keyed chain (written by {@code EpochKeys}). */
    public static final String EPOCH_KEY_FILE = "epoch.key";
    /** Name of the file naming the key that signs a chain (written by {@code Sealing}). */
    public static final String SIGNER_MARK_FILE = "signing-key.id";
    /**
     * The files a writer leaves in a chain directory besides segments. A directory holding any of
     * them, or a segment, is a chain directory; one holding none is not govaudit's.
     */
    public static final List<String> CHAIN_STATE_FILES = List.of(LOCK_FILE, RESERVE_FILE, PENDING_RECOVERY_FILE,
            HeadMark.FILE_NAME, EPOCH_KEY_FILE, SIGNER_MARK_FILE);

    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.log(\\.gz)?");
    private static final Pattern CHAIN_ID = Pattern.compile("(?!\\.{1,2}\\z)[A-Za-z0-9._-]{1,64}");

    private SegmentNames() {
    }

    /**
     * Returns the file name of a plain segment.
     *
     * @param firstSeq the seq of the segment's first record
     * @return e.g. {@code 00000000000000000001.log}
     */
    public static String logName(long firstSeq) {
        return String.format("%020d.log", firstSeq);
    }

    /**
     * Parses a segment file name.
     *
     * @param fileName a file name (not a path)
     * @return the seq of the first record, or -1 if the name is not a segment name
     */
    public static long firstSeq(String fileName) {
        Matcher m = SEGMENT.matcher(fileName);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException beyondLongRange) {
            return -1; // 20 digits can exceed Long.MAX_VALUE: not a name this library writes
        }
    }

    /**
     * Tells whether a file name is a segment's.
     *
     * @param fileName the name
     * @return true for {@code <20 digits>.log} and {@code <20 digits>.log.gz}
     */
    public static boolean isSegment(String fileName) {
        return SEGMENT.matcher(fileName).matches();
    }

    /**
     * Tells whether a segment file is gzipped.
     *
     * @param fileName a segment file name
     * @return true for {@code .log.gz}
     */
    public static boolean isGzip(String fileName) {
        return fileName.endsWith(".log.gz");
    }

    /**
     * Returns the name for the n-th quarantine file of a segment.
     *
     * @param segmentName the segment's file name
     * @param n           1, 2, 3 …
     * @return e.g. {@code 00000000000000004711.log.torn-1}
     */
    public static String quarantineName(String segmentName, int n) {
        return segmentName + ".torn-" + n;
    }

    /**
     * Tells whether a directory name can be a chain id.
     *
     * @param name a directory name
     * @return true if it matches the chain id rule (1 to 64 of {@code A-Z a-z 0-9 . _ -}, not
     *         {@code .} or {@code ..}, which name the store directory and its parent)
     */
    public static boolean isChainId(String name) {
        return CHAIN_ID.matcher(name).matches();
    }

    /**
     * Lists the key state files present in a chain's state directory ({@value #EPOCH_KEY_FILE},
     * {@value #SIGNER_MARK_FILE}). A run writes them only when it then writes records, so a chain
     * that has them but no record lost at least its first record (docs/format.md section 9a).
     *
     * @param dir the chain's state directory
     * @return the names present, in that order; empty if none
     */
    public static List<String> keyStateFiles(Path dir) {
        List<String> present = new ArrayList<>();
        for (String name : List.of(EPOCH_KEY_FILE, SIGNER_MARK_FILE)) {
            if (Files.exists(dir.resolve(name))) {
                present.add(name);
            }
        }
        return present;
    }

    /**
     * Tells whether a directory is a chain's: it holds a segment or one of the
     * {@link #CHAIN_STATE_FILES}.
     *
     * @param dir a directory
     * @return true if a writer left its files there
     * @throws IOException if the directory cannot be read
     */
    public static boolean isChainDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (firstSeq(name) > 0 || CHAIN_STATE_FILES.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Lists the segments of a chain in chain order (by first seq).
     *
     * @param chainDir the chain directory
     * @return the segment paths, oldest first
     * @throws IOException if the directory cannot be read
     */
    public static List<Path> list(Path chainDir) throws IOException {
        List<Path> segments = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(chainDir)) {
            for (Path entry : entries) {
                if (firstSeq(entry.getFileName().toString()) > 0 && Files.isRegularFile(entry)) {
                    segments.add(entry);
                }
            }
        }
        segments.sort(Comparator.comparingLong((Path p) -> firstSeq(p.getFileName().toString()))
                .thenComparing(p -> p.getFileName().toString()));
        // a plain segment and its compressed copy side by side: a compression is half done, and
        // the plain one (sorted first) is the original
        segments.removeIf(p -> isGzip(p.getFileName().toString())
                && segments.contains(p.resolveSibling(p.getFileName().toString().replace(".log.gz", ".log"))));
        return segments;
    }
}
