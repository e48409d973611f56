package io.govaudit;

import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AlertKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Shared pieces of the policy tests: a settable clock, collected alerts, reading a chain back. */
final class TrailFixture {

    /** A clock the test moves; thread-safe. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final List<AuditAlert> alerts = new CopyOnWriteArrayList<>();

    List<AlertKind> alertKinds() {
        return alerts.stream().map(AuditAlert::kind).toList();
    }

    static AuditEvent event(int i) {
        return AuditEvent.adminAction(Actor.of("A" + (i % 7)), "POST /admin/run/" + i)
                .detail("n", i).build();
    }

    /** All lines of all segments of a chain, in name order. */
    static List<String> lines(Path chainDir) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(chainDir)) {
            for (Path segment : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(segment, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static List<String> ofType(Path chainDir, EventType type) {
        String marker = "\"type\":\"" + type + "\"";
        return lines(chainDir).stream().filter(l -> l.contains(marker)).toList();
    }

    /** The events a chain's RECORDING_RESUMED and TRAIL_STOP records count as not recorded. */
    static long notRecorded(Path chainDir) {
        long total = 0;
        for (String line : lines(chainDir)) {
            int at = line.indexOf("\"not_recorded\":");
            if (at >= 0 && (line.contains("\"type\":\"RECORDING_RESUMED\"") || line.contains("\"type\":\"TRAIL_STOP\""))) {
                int from = at + "\"not_recorded\":".length();
                int to = from;
                while (Character.isDigit(line.charAt(to))) {
                    to++;
                }
                total += Long.parseLong(line.substring(from, to));
            }
        }
        return total;
    }

    static long segmentBytes(Path chainDir) {
        try (Stream<Path> files = Files.list(chainDir)) {
            long total = 0;
            for (Path p : files.filter(p -> p.getFileName().toString().contains(".log")).toList()) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
