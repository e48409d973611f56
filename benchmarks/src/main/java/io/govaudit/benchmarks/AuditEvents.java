package io.govaudit.benchmarks;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.Location;
import org.slf4j.Logger;

/**
 * The one event every record benchmark writes: an administrator changes a configuration value.
 * govaudit gets it as a typed {@code CONFIG_CHANGE} event; the logback baselines get the same
 * fields as SLF4J key-value pairs, so both sides carry the same content. Both sides build their
 * event per call, as an application would. Stateless and thread-safe.
 */
final class AuditEvents {

    static final String ACTOR_ID = "A123456";
    static final String ACTOR_NAME = "Jane Admin";
    static final String ROLE = "ADMIN";
    static final String IP = "10.1.2.3";
    static final String OP = "PUT /admin/config/session.timeout";
    static final String KEY = "session.timeout";
    static final String OLD = "15m";
    static final String NEW = "30m";
    static final String TICKET = "CHG-4711";

    private static final Actor ADMIN = Actor.builder(ACTOR_ID).name(ACTOR_NAME).roles(ROLE).admin(true).build();

    private AuditEvents() {
    }

    /** The event as govaudit records it. */
    static AuditEvent configChange() {
        return AuditEvent.configChange(ADMIN, KEY, OLD, NEW)
                .where(Location.defaults().withIp(IP).withOp(OP))
                .detail("ticket", TICKET)
                .build();
    }

    /** The same event through SLF4J's fluent API, for the logback baselines. */
    static void log(Logger logger) {
        logger.atInfo()
                .addKeyValue("type", "CONFIG_CHANGE")
                .addKeyValue("outcome", "SUCCESS")
                .addKeyValue("actor", ACTOR_ID)
                .addKeyValue("actor_name", ACTOR_NAME)
                .addKeyValue("roles", ROLE)
                .addKeyValue("admin", true)
                .addKeyValue("subject", "CONFIG:" + KEY)
                .addKeyValue("ip", IP)
                .addKeyValue("op", OP)
                .addKeyValue("key", KEY)
                .addKeyValue("old", OLD)
                .addKeyValue("new", NEW)
                .addKeyValue("ticket", TICKET)
                .log("configuration changed");
    }

    /**
     * The same fields in a formatted message, the way most applications log:
     * {@code log.info("config change {} {} ...", args)}, one argument array per call.
     */
    static void logFormatted(Logger logger) {
        logger.info("config change type={} outcome={} actor={} actor_name={} roles={} admin={} subject={} ip={}"
                + " op={} key={} old={} new={} ticket={}", new Object[] {"CONFIG_CHANGE", "SUCCESS", ACTOR_ID,
                        ACTOR_NAME, ROLE, Boolean.TRUE, "CONFIG:" + KEY, IP, OP, KEY, OLD, NEW, TICKET});
    }
}
