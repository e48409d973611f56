package io.govaudit.jdbc.testing;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;

/** Sample events, and realistic chains written by the real file trail with a test clock. */
public final class SampleChains {

    private SampleChains() {
    }

    /**
     * Returns a small admin action that carries {@code eid} as detail {@code eid}, to find it in
     * the rows.
     *
     * @param eid the event's id in the test
     * @return the event
     */
    public static AuditEvent event(String eid) {
        return AuditEvent.adminAction(Actor.of("A" + (eid.hashCode() & 7)), "POST /admin/run")
                .detail("eid", eid).build();
    }

    /**
     * Returns an admin action of about 1 KiB that carries {@code eid} as detail {@code eid}.
     *
     * @param eid the event's id in the test
     * @return the event
     */
    public static AuditEvent bigEvent(String eid) {
        return AuditEvent.adminAction(Actor.of("A1"), "POST /admin/run").detail("eid", eid)
                .detail("note", "x".repeat(900)).build();
    }

    /**
     * Returns a builder for chain {@code chain} with system, host and a test clock set, no store.
     *
     * @param chain the chain id
     * @param clock the clock
     * @return the builder
     */
    public static AuditTrail.Builder builder(String chain, TestClock clock) {
        return AuditTrail.builder().chainId(chain).system("permit-portal").host("node-a").clock(clock);
    }

    /**
     * Writes {@code events} events (logins, locks, config changes, sensitive access) plus the
     * trail's own records into chain {@code chain} of a file store.
     *
     * @param store  the store directory
     * @param chain  the chain id
     * @param events how many events
     */
    public static void write(Path store, String chain, int events) {
        TestClock clock = TestClock.create();
        try (AuditTrail trail = builder(chain, clock).directory(store).build()) {
            record(trail, clock, events);
        }
    }

    /**
     * Records {@code events} varied events, 1 s apart, the client ip varying.
     *
     * @param trail  the open trail
     * @param clock  its clock
     * @param events how many
     */
    public static void record(AuditTrail trail, TestClock clock, int events) {
        Actor admin = Actor.builder("A123456").name("Chen Mei-Ling").roles("ADMIN").admin(true).build();
        for (int i = 0; i < events; i++) {
            clock.advance(Duration.ofSeconds(1));
            Location where = Location.defaults().withIp("10.0.0." + (i % 250)).withOp("POST /admin/users");
            AuditEvent event = switch (i % 4) {
                case 0 -> AuditEvent.login(admin).where(where).build();
                case 1 -> AuditEvent.userLock(admin, "u-" + i).where(where).build();
                case 2 -> AuditEvent.configChange(admin, "session.timeout", "15m", "30m").where(where).build();
                default -> AuditEvent.sensitiveAccess(admin, "CITIZEN", "P-" + i, java.util.List.of("phone"),
                        "case review").where(where).build();
            };
            trail.record(event);
        }
    }
}
