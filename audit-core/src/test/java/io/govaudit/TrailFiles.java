package io.govaudit;

import io.govaudit.internal.store.SegmentNames;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a file trail wrote, for assertions: segment lists, record lines and a few of their
 * members. Records written by the library have a fixed member order (docs/format.md sections 1-2), so the
 * first match of a member name is that member. Stateless.
 */
final class TrailFiles {

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([A-Z0-9_]+)\"");
    private static final Pattern PREV = Pattern.compile("\"prev\":\"([0-9a-f]{64})\"");
    private static final Pattern HASH = Pattern.compile("\"hash\":\"([0-9a-f]{64})\"}$");

    private static final Map<String, Pattern> DETAILS = new ConcurrentHashMap<>();

    private TrailFiles() {
    }

    /** Opens a small SYNC trail builder on {@code store} with a fixed system and host. */
    static AuditTrail.Builder trail(Path store, String chain) {
        return AuditTrail.builder().directory(store).chainId(chain).system("test").host("testhost");
    }

    /** An ordinary event carrying one detail value, so tests can find it again. */
    static AuditEvent event(String id) {
        return AuditEvent.adminAction(Actor.builder("admin-1").admin(true).build(), "test-op")
                .detail("eid", id).build();
    }

    static List<Path> segments(Path chainDir) {
        try {
            return SegmentNames.list(chainDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line (without its newline) of every plain segment of the chain, in chain order. */
    static List<String> lines(Path chainDir) {
        List<String> lines = new ArrayList<>();
        for (Path segment : segments(chainDir)) {
            lines.addAll(lines(segment.toString()));
        }
        return lines;
    }

    /** The lines of one segment file. */
    static List<String> lines(String segment) {
        try {
            return Files.readAllLines(Path.of(segment), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long seq(String line) {
        return Long.parseLong(group(SEQ, line));
    }

    static String type(String line) {
        return group(TYPE, line);
    }

    static String prev(String line) {
        return group(PREV, line);
    }

    static String hash(String line) {
        return group(HASH, line);
    }

    /** A string or number member of {@code detail}, as text. */
    static String detail(String line, String key) {
        Matcher m = DETAILS.computeIfAbsent(key,
                k -> Pattern.compile("\"" + Pattern.quote(k) + "\":(\"([^\"]*)\"|(-?\\d+))")).matcher(line);
        if (!m.find()) {
            throw new AssertionError("no detail member '" + key + "' in " + line);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static VerificationReport verify(Path store) {
        try {
            return AuditVerifier.forDirectory(store).verify();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in " + line);
        }
        return m.group(1);
    }

    /**
     * Every segment of a crash test's chain still starts with the complete lines it had after the
     * previous run (no record written before was rewritten or cut); then remembers them for the
     * next run. Bytes after a segment's last LF are left out: a SIGKILL in the middle of a
     * {@code write} can leave part of a record that was never acknowledged, and reopening the
     * chain rightly quarantines it (CrashIT failed on such a tail in CI on 2026-12-07).
     */
    static void assertSegmentsOnlyGrew(Path chainDir, Map<Path, byte[]> written) throws IOException {
        for (Map.Entry<Path, byte[]> before : written.entrySet()) {
            byte[] now = Files.readAllBytes(before.getKey());
            org.assertj.core.api.Assertions.assertThat(now.length).as("%s shrank", before.getKey())
                    .isGreaterThanOrEqualTo(before.getValue().length);
            org.assertj.core.api.Assertions.assertThat(java.util.Arrays.copyOf(now, before.getValue().length))
                    .as("%s rewritten", before.getKey()).isEqualTo(before.getValue());
        }
        for (Path segment : segments(chainDir)) {
            byte[] bytes = Files.readAllBytes(segment);
            int complete = bytes.length;
            while (complete > 0 && bytes[complete - 1] != '\n') {
                complete--;
            }
            written.put(segment, java.util.Arrays.copyOf(bytes, complete));
        }
    }
}