package io.govaudit.cli;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.Location;
import java.util.List;
import java.util.Locale;

/**
 * Makes synthetic but realistic audit events for demos and load tests: event {@code i} is a pure
 * function of {@code i}, so any number of threads can make disjoint index ranges in parallel and a
 * run is reproducible.
 *
 * <p>Consecutive indexes cycle through all {@value #TYPES} event types the spec requires (docs/format.md
 * section 4), so every run of at least {@value #TYPES} events holds each of them. Actors are a
 * handful of administrators (and, for failed logins, unknown accounts); subjects are user
 * accounts, configuration keys (some secret-looking, which the library masks) and citizen or
 * taxpayer records; clients are {@code 10.x.y.z} addresses; operations are {@code METHOD /path}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SyntheticEvents {

    /** How many event types one cycle covers: the 13 required types. */
    public static final int TYPES = 13;

    private static final List<Actor> ADMINS = List.of(
            admin("A1234567", "Chen Mei-Ling", "SYSADMIN"),
            admin("A2345678", "Lin Chih-Hao", "USER_ADMIN"),
            admin("A3456789", "Wang Ya-Ting", "SECURITY_OFFICER"),
            admin("A4567890", "Huang Kuan-Yu", "USER_ADMIN"),
            admin("A5678901", "Chang Shu-Fen", "CASE_SUPERVISOR"));
    private static final List<String> FAILURE_REASONS =
            List.of("bad credentials", "account locked", "password expired", "unknown account");
    private static final List<String[]> CONFIG_CHANGES = List.of(
            new String[] {"session.timeout", "15m", "30m"},
            new String[] {"smtp.password", "Spring2026!", "Autumn2026!"},
            new String[] {"upload.max-size", "10MB", "20MB"},
            new String[] {"ldap.bind-secret", "s3cr3t-old", "s3cr3t-new"},
            new String[] {"password.min-length", "8", "12"},
            new String[] {"api.token", "tok-old", "tok-new"});
    private static final List<String> ROLES = List.of("CASE_READ", "CASE_EXPORT", "USER_ADMIN", "REPORT_VIEW");
    private static final List<String> RECORD_KINDS = List.of("CITIZEN", "TAXPAYER", "APPLICANT");
    private static final List<List<String>> FIELDS = List.of(List.of("name", "address", "phone"),
            List.of("national_id", "birth_date"), List.of("name", "bank_account"));
    private static final List<String> ADMIN_OPS = List.of("POST /admin/reports/export", "POST /admin/cache/clear",
            "POST /admin/jobs/reindex", "GET /admin/audit/summary");
    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/131.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0");

    /** Creates the generator. */
    public SyntheticEvents() {
    }

    /**
     * Makes event {@code index}.
     *
     * @param index the event index, 0 or more
     * @return the event, ready to record
     */
    public AuditEvent event(long index) {
        long round = index / TYPES;
        Actor admin = pick(ADMINS, round + index);
        Location where = location(index);
        String user = "u-" + digits((round * 7919 + index) % 100_000, 5);
        return builder((int) (index % TYPES), round, admin, user, where).build();
    }

    private static AuditEvent.Builder builder(int kind, long round, Actor admin, String user, Location where) {
        switch (kind) {
            case 0: return AuditEvent.login(admin).where(where.withOp("POST /login"));
            case 1: return AuditEvent.loginFailure(Actor.of("A9" + user.substring(2)), pick(FAILURE_REASONS, round))
                    .where(where.withOp("POST /login"));
            case 2: return AuditEvent.passwordChange(admin).where(where.withOp("POST /account/password"));
            case 3: return AuditEvent.userCreate(admin, user).where(where.withOp("POST /admin/users"));
            case 4: return AuditEvent.userPasswordReset(admin, user)
                    .where(where.withOp("POST /admin/users/" + user + "/password-reset"));
            case 5: return permissionChange(admin, user, round).where(where.withOp("PUT /admin/users/" + user + "/roles"));
            case 6: return AuditEvent.userLock(admin, user).detail("cause", "5 failed logins")
                    .where(where.withOp("POST /admin/users/" + user + "/lock"));
            case 7: return AuditEvent.userUnlock(admin, user).where(where.withOp("POST /admin/users/" + user + "/unlock"));
            case 8: return AuditEvent.userDelete(admin, user).where(where.withOp("DELETE /admin/users/" + user));
            case 9: return configChange(admin, round, where);
            case 10: return sensitiveAccess(admin, round).where(where.withOp("GET /cases/" + round % 10_000));
            case 11: return adminAction(admin, round, where);
            default: return AuditEvent.logout(admin).where(where.withOp("POST /logout"));
        }
    }

    private static AuditEvent.Builder permissionChange(Actor admin, String user, long round) {
        String granted = pick(ROLES, round);
        String revoked = pick(ROLES, round + 1);
        return AuditEvent.permissionChange(admin, user, List.of(granted), List.of(revoked));
    }

    private static AuditEvent.Builder adminAction(Actor admin, long round, Location where) {
        String op = pick(ADMIN_OPS, round);
        // the factory sets where.op; the full location (ip, user agent) replaces it, so keep the op
        return AuditEvent.adminAction(admin, op).where(where.withOp(op));
    }

    private static AuditEvent.Builder configChange(Actor admin, long round, Location where) {
        String[] change = pick(CONFIG_CHANGES, round);
        return AuditEvent.configChange(admin, change[0], change[1], change[2])
                .where(where.withOp("PUT /admin/config/" + change[0]));
    }

    private static AuditEvent.Builder sensitiveAccess(Actor admin, long round) {
        String kind = pick(RECORD_KINDS, round);
        String id = "R-" + digits((round * 104_729) % 1_000_000, 6);
        String purpose = "case 2026-" + digits(round % 10_000, 4) + " review";
        return AuditEvent.sensitiveAccess(admin, kind, id, pick(FIELDS, round), purpose);
    }

    private static Location location(long index) {
        long n = index * 2_654_435_761L;
        String ip = "10." + (n >>> 8 & 0xff) + "." + (n >>> 16 & 0xff) + "." + (1 + (n >>> 24 & 0xfd));
        return Location.defaults().withIp(ip).withUa(pick(AGENTS, index));
    }

    private static Actor admin(String id, String name, String role) {
        return Actor.builder(id).name(name).roles(role).admin(true).session("JSESSIONID-" + id.toLowerCase(Locale.ROOT))
                .build();
    }

    /** Zero-padded decimal; String.format is a measurable share of the generator's time. */
    private static String digits(long value, int width) {
        String text = Long.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static <T> T pick(List<T> values, long n) {
        return values.get((int) Math.floorMod(n, (long) values.size()));
    }
}
