package io.govaudit.cli;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.Location;
import io.govaudit.RetentionPolicy;
import io.govaudit.Subject;
import io.govaudit.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;

/**
 * A store written by the real trail with a test clock, holding what a periodic review looks for,
 * with hostile strings in every member a record lets a caller set:
 * <ul>
 * <li>chain {@code portal}: logins; a burst of {@link #BURST_FAILURES} failed logins from
 * {@link #BURST_IP} within 5 minutes; three failed logins an hour apart (no burst); administrator
 * actions at 03:00 Taipei time (outside office hours) and at 10:00 (inside); sensitive reads with
 * purposes; permission and account changes; a clock step back ({@code CLOCK_ANOMALY});</li>
 * <li>chain {@code small}: a store that fills up under {@code STOP_RECORDING}
 * ({@code CAPACITY_WARNING}, {@code RECORDING_STOPPED}), then purges and resumes
 * ({@code RETENTION_PURGE}, {@code RECORDING_RESUMED}).</li>
 * </ul>
 */
final class ReviewFixture {

    /** Monday 2026-11-02 08:00 in Taipei. */
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    static final String SCRIPT = "</script><img src=x onerror=alert(1)>";
    static final String SVG = "\"><svg onload=alert(2)>";
    static final String TEMPLATE = "{{7*7}}";
    static final String RTL = "\u202Egpj.exe";
    static final String QUOTE = "' onmouseover='alert(3)";
    static final List<String> HOSTILE = List.of(SCRIPT, SVG, TEMPLATE, RTL, QUOTE);
    static final String BURST_IP = "203.0.113.9";
    static final int BURST_FAILURES = 6;
    /** The account of the burst of failed logins. */
    static final String MALLORY = "mallory" + TEMPLATE + SVG;
    /** The administrator whose actions at 03:00 Taipei time are listed. */
    static final String NIGHT_ADMIN = "root" + SCRIPT;

    private ReviewFixture() {
    }

    static void write(Path store) {
        portal(store);
        small(store);
    }

    private static Location from(String ip) {
        return Location.defaults().withIp(ip);
    }

    private static void portal(Path store) {
        TestClock clock = TestClock.at(START);
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("portal").system("permit-portal")
                .host("web-1").clock(clock).build()) {
            Actor alice = Actor.builder("alice").name("Alice " + SVG).build();
            clock.advance(Duration.ofHours(1)); // 09:00 Taipei
            trail.record(AuditEvent.login(alice).where(from("192.0.2.10")).build());
            clock.advance(Duration.ofHours(1)); // 10:00 Taipei: the burst
            for (int i = 0; i < BURST_FAILURES; i++) {
                trail.record(AuditEvent.loginFailure(Actor.of(MALLORY), "bad password " + SCRIPT)
                        .where(from(BURST_IP)).build());
                clock.advance(Duration.ofSeconds(50));
            }
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofHours(1));
                trail.record(AuditEvent.loginFailure(Actor.of("bob"), null).where(from("192.0.2." + (20 + i))).build());
            }
            Actor admin = Actor.builder(NIGHT_ADMIN).name(RTL).roles("ADMIN").admin(true).build();
            trail.record(AuditEvent.adminAction(admin, "POST /admin/export " + SVG).build()); // 13:05 Taipei: inside
            clock.set(Instant.parse("2026-11-03T19:00:00Z")); // Wednesday 03:00 Taipei
            trail.record(AuditEvent.adminAction(admin, "POST /admin/settings " + SCRIPT).where(from("192.0.2.99"))
                    .detail("note", TEMPLATE).build());
            trail.record(AuditEvent.configChange(admin, "mail.sender", "a@x", QUOTE).build());
            clock.set(Instant.parse("2026-11-04T02:00:00Z")); // 10:00 Taipei
            for (int i = 0; i < 3; i++) {
                trail.record(AuditEvent.sensitiveAccess(alice, "CITIZEN", "C" + i, List.of("name"), "review of case A")
                        .build());
            }
            trail.record(AuditEvent.sensitiveAccess(alice, "CITIZEN", SVG, List.of("name", SCRIPT), SCRIPT)
                    .subject(new Subject("CITIZEN", SVG, RTL)).build());
            trail.record(AuditEvent.sensitiveAccess(Actor.of("carol"), "CITIZEN", "C9", List.of("phone"), null).build());
            trail.record(AuditEvent.permissionChange(admin, "bob" + QUOTE, List.of("ROLE_ADMIN", SCRIPT),
                    List.of(TEMPLATE)).where(from("192.0.2.99").withOp("PUT /admin/users " + SVG)).build());
            trail.record(AuditEvent.userLock(admin, "mallory" + TEMPLATE).reason(RTL).build());
            clock.advance(Duration.ofMinutes(-3)); // the clock steps back: CLOCK_ANOMALY
            trail.record(AuditEvent.logout(alice).build());
        }
    }

    /** Fills a small store under STOP_RECORDING, then lets the retention maximum free it. */
    private static void small(Path store) {
        TestClock clock = TestClock.at(Instant.parse("2026-11-05T01:00:00Z"));
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("small").system("batch").host("h")
                .clock(clock).maxRecordBytes(1024).segmentMaxBytes(8 * 1024)
                .capacity(CapacityPolicy.maxBytes(64 * 1024).warnAt(75).onFull(CapacityPolicy.OnFull.STOP_RECORDING))
                .retention(RetentionPolicy.minimum(Period.ofDays(1)).belowSixMonths("test: a short retention on purpose").maximum(Period.ofDays(2))).build()) {
            Actor batch = Actor.of("batch-job");
            for (int i = 0; trail.record(AuditEvent.logout(batch).detail("n", i).build()).recorded(); i++) {
                clock.advance(Duration.ofSeconds(1));
            }
            for (int k = 0; k < 3; k++) {
                trail.record(AuditEvent.logout(batch).build());
                clock.advance(Duration.ofSeconds(1));
            }
            clock.advance(Duration.ofDays(3));
            trail.flush();
            trail.record(AuditEvent.login(batch).build());
        }
    }
}
