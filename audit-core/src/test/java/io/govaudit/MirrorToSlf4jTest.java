package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** AuditTrail.Builder.mirrorToSlf4j: every durable record once, in seq order, on govaudit.AUDIT (issue 16). */
class MirrorToSlf4jTest {

    @TempDir
    Path root;

    private final Logger audit = (Logger) LoggerFactory.getLogger("govaudit.AUDIT");
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

    @BeforeEach
    void attach() {
        seen.start();
        audit.addAppender(seen);
        audit.setAdditive(false);
        audit.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        audit.detachAppender(seen);
        audit.setAdditive(true);
        audit.setLevel(null);
    }

    @Test
    void mirror_logsEveryDurableRecordOnceInSeqOrder_withItsLineAndMembers() {
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m1").system("sys")
                .mirrorToSlf4j(true).build()) {
            trail.record(AuditEvent.userLock(Actor.of("admin7"), "u42")
                    .where(Location.defaults().withIp("192.0.2.10")).build());
            for (int i = 0; i < 300; i++) {
                trail.record(TrailFixture.event(i));
            }
        }

        List<String> stored = TrailFixture.lines(root.resolve("m1"));
        List<ILoggingEvent> events = List.copyOf(seen.list);
        assertThat(events).extracting(ILoggingEvent::getFormattedMessage).containsExactlyElementsOf(stored);
        assertThat(events).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
        for (int i = 0; i < events.size(); i++) {
            assertThat(members(events.get(i))).containsEntry("seq", (long) i + 1).containsEntry("chain", "m1");
        }
        ILoggingEvent lock = events.stream().filter(e -> e.getFormattedMessage().contains("\"USER_LOCK\"")).findFirst()
                .orElseThrow();
        Map<String, Object> kv = members(lock);
        assertThat(kv).containsOnlyKeys("chain", "seq", "ts", "type", "outcome", "actor", "subject", "ip", "hash")
                .containsEntry("type", "USER_LOCK").containsEntry("outcome", "SUCCESS")
                .containsEntry("actor", "admin7").containsEntry("subject", "USER:u42")
                .containsEntry("ip", "192.0.2.10");
        assertThat(lock.getFormattedMessage()).contains("\"ts\":\"" + kv.get("ts") + "\"")
                .endsWith("\"hash\":\"" + kv.get("hash") + "\"}");
    }

    @Test
    void mirror_isOffByDefault() {
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m2").system("sys").build()) {
            trail.record(TrailFixture.event(1));
        }
        assertThat(seen.list).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("govaudit-mirror-m2");
    }

    @Test
    void mirror_aFailingAppenderNeverFailsRecording() {
        ListAppender<ILoggingEvent> failing = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                throw new IllegalStateException("collector down");
            }
        };
        failing.start();
        audit.addAppender(failing);
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m3").system("sys")
                .mirrorToSlf4j(true).build()) {
            for (int i = 0; i < 50; i++) {
                assertThat(trail.record(TrailFixture.event(i)).seq()).isPresent();
            }
        } finally {
            audit.detachAppender(failing);
        }
        assertThat(seen.list).hasSize(TrailFixture.lines(root.resolve("m3")).size());
    }

    @Test
    void mirror_continuesAfterReopen_withoutRepeatingOldRecords() {
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m4").system("sys").build()) {
            trail.record(TrailFixture.event(1));
        }
        int before = TrailFixture.lines(root.resolve("m4")).size();
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m4").system("sys")
                .mirrorToSlf4j(true).build()) {
            trail.record(TrailFixture.event(2));
        }
        List<String> stored = TrailFixture.lines(root.resolve("m4"));
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactlyElementsOf(stored.subList(before, stored.size()));
    }

    @Test
    void mirror_fallingBehind_skipsWholeBatchesAndLogsTheGap_neverDelaysRecording() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ListAppender<ILoggingEvent> stalled = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    release.await(); // a collector that stops reading
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        stalled.start();
        audit.addAppender(stalled);
        long written;
        try (AuditTrail trail = AuditTrail.builder().directory(root).chainId("m5").system("sys")
                .durability(Durability.ASYNC).mirrorToSlf4j(true).build()) {
            for (int i = 0; i < 80_000; i++) { // about 28 MB of lines: beyond the mirror's 16 MiB
                trail.record(TrailFixture.event(i));
            }
            written = trail.flush(); // recording finished while the mirror was stuck
            release.countDown();
        } finally {
            audit.detachAppender(stalled);
        }

        List<Long> seqs = new java.util.ArrayList<>();
        for (ILoggingEvent event : seen.list) {
            Map<String, Object> kv = members(event);
            if (event.getLevel() == Level.WARN) {
                assertThat(event.getFormattedMessage()).contains("skipped seq");
                for (long s = (Long) kv.get("skippedFrom"); s <= (Long) kv.get("skippedTo"); s++) {
                    seqs.add(s);
                }
            } else {
                seqs.add((Long) kv.get("seq"));
            }
        }
        long last = TrailFixture.lines(root.resolve("m5")).size();
        assertThat(last).isGreaterThan(written);
        assertThat(seen.list).anyMatch(e -> e.getLevel() == Level.WARN);
        assertThat(seqs).as("every seq once, mirrored or named as skipped, in order")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
    }

    private static Map<String, Object> members(ILoggingEvent event) {
        Map<String, Object> kv = new LinkedHashMap<>();
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            kv.put(pair.key, pair.value);
        }
        return kv;
    }
}
