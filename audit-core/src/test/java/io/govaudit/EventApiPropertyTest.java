package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Fuzzes the event API (issue 11 part 4, STYLE.md S34): whatever a caller passes to the factories
 * and builders of {@link AuditEvent}, {@link Actor}, {@link Subject} and {@link Location} —
 * null, control characters, lone surrogates, CR/LF, U+2028, huge strings, lists with null
 * elements, values of unsupported types — either an event is recorded and the chain verifies
 * intact afterwards, or an {@link AuditRecordRejectedException} is thrown. Never a
 * {@code NullPointerException}, {@code IllegalArgumentException} or any other exception, and the
 * trail stays usable.
 *
 * <p>One trail per property run (opened before, closed and verified after), not one per try, so
 * the run stays within a few seconds; tries and seed are fixed so a failure reproduces.
 */
class EventApiPropertyTest {

    private static final int TRIES = 1000;
    private static final List<String> SHAPED = List.of("", " ", "\r\n", "\n", "\u2028", "\u2029", "\u0000", "\ud800",
            "\udc00x", "x\ud83d", "\ud83d\ude00", "10.1.2.3", "::1", "::ffff:10.1.2.3", "fe80::1%eth0", "A1", "ADMIN",
            "USER", "CONFIG", "LOGIN", "CHECKPOINT", "GET /a", "POST /b", "key", "db.password", "pin", "otp",
            "session.timeout", "password=hunter2", "a=1&token=t0k&b=2", "Bearer abcdefghijklmnop",
            "Authorization: Basic dXNlcjpwYXNzd29yZA==", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", "-----BEGIN ", "jdbc:postgresql://u:p@h/db",
            "https://user:pass@host/x?password=", "pwd=;", "password=\"a b\"", "${jndi:ldap://x/a}");

    private Path store;
    private AuditTrail trail;
    private int recorded;
    private int rejected;

    @BeforeProperty
    void openTrail() throws IOException {
        store = Files.createTempDirectory("govaudit-fuzz");
        trail = AuditTrail.builder().directory(store).chainId("fuzz").system("fuzz").host("h").build();
    }

    @AfterProperty
    void closeAndVerify() throws IOException {
        try {
            trail.close();
            VerificationReport report = AuditVerifier.forDirectory(store).verify();
            VerificationAssert.assertThat(report).isIntact().hasNoProblems();
            // CHAIN_START, TRAIL_START, the recorded events, TRAIL_STOP (no checkpoints configured)
            assertThat(report.chains().get(0).records()).isEqualTo(recorded + 3L);
            assertThat(recorded).as("events recorded").isGreaterThan(TRIES / 10);
            assertThat(rejected).as("events rejected").isGreaterThan(TRIES / 10);
        } finally {
            try (Stream<Path> files = Files.walk(store)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Property(tries = TRIES, seed = "1128", shrinking = ShrinkingMode.OFF)
    void anyInput_isRecordedIntactOrRejectedWithAuditRecordRejectedException(
            @ForAll @IntRange(min = 0, max = 15) int factory, @ForAll("actors") Actor actor,
            @ForAll("texts") String a, @ForAll("texts") String b, @ForAll("texts") String c,
            @ForAll("texts") String d, @ForAll("lists") List<String> granted, @ForAll("lists") List<String> revoked,
            @ForAll("ips") String ip, @ForAll("kinds") String kind,
            @ForAll("keys") String detailKey, @ForAll("values") Object detailValue,
            @ForAll @IntRange(min = 0, max = 7) int extras) {
        try {
            AuditEvent.Builder builder = factory(factory, actor, a, b, c, d, granted, revoked, ip, kind);
            if ((extras & 1) != 0) {
                builder.where(new Location(a, b, c, ip, d, a));
            }
            if ((extras & 2) != 0) {
                builder.detail(detailKey, detailValue).reason(c);
            }
            if ((extras & 4) != 0) {
                builder.subject(new Subject(kind, b, c)).outcome(extras == 4 ? null : Outcome.FAILURE);
            }
            assertThat(trail.record(builder.build()).seq().orElseThrow()).isPositive();
            recorded++;
        } catch (AuditRecordRejectedException e) {
            assertThat(e.member()).as(e.getMessage()).isNotBlank();
            rejected++;
        }
        assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
    }

    private static AuditEvent.Builder factory(int factory, Actor actor, String a, String b, String c, String d,
            List<String> granted, List<String> revoked, String ip, String kind) {
        switch (factory) {
            case 0: return AuditEvent.login(actor);
            case 1: return AuditEvent.loginFailure(actor, a);
            case 2: return AuditEvent.logout(actor);
            case 3: return AuditEvent.passwordChange(actor);
            case 4: return AuditEvent.userPasswordReset(actor, a);
            case 5: return AuditEvent.userLock(actor, a);
            case 6: return AuditEvent.userUnlock(actor, a);
            case 7: return AuditEvent.permissionChange(actor, a, granted, revoked);
            case 8: return AuditEvent.userCreate(actor, a);
            case 9: return AuditEvent.userDelete(actor, a);
            case 10: return AuditEvent.configChange(actor, a, b, c);
            case 11: return AuditEvent.sensitiveAccess(actor, kind, b, granted, c);
            case 12: return AuditEvent.auditLogRead(actor, a, b);
            case 13: return AuditEvent.adminAction(actor, a).where(Location.defaults().withOp(b).withIp(ip));
            case 14: return AuditEvent.of(EventType.of(kind), actor);
            default: return AuditEvent.adminAction(actor, a).where(Location.defaults().withUa(d).withNode(c));
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)),
                Tuple.of(6, Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMinLength(1).ofMaxLength(30)),
                Tuple.of(4, Arbitraries.of(SHAPED)),
                Tuple.of(1, Arbitraries.integers().between(200, 70_000).map(n -> "x\n".repeat(n / 2))))
                .injectNull(0.04);
    }

    @Provide
    Arbitrary<String> ips() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("10.1.2.3", "::1", "2001:db8::7", "::ffff:192.0.2.1", "fe80::1%eth0")),
                Tuple.of(1, texts()));
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("USER", "CITIZEN", "DATA", "APP_EVENT", "LOGIN", "CHECKPOINT", "X9")),
                Tuple.of(1, texts()));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("comment", "key", "db.password", "pin", "otp", "set-cookie", "url", "n")),
                Tuple.of(1, texts()));
    }

    @Provide
    Arbitrary<List<String>> lists() {
        return texts().list().ofMaxSize(4).injectNull(0.04);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(List.of(
                texts().map(s -> (Object) s),
                lists().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, 1.5, -0.0f, Long.MIN_VALUE, true,
                        new BigDecimal("1e-400"), new BigInteger("9".repeat(50)), new Object(), List.of(List.of("x")),
                        new StringBuilder("not a string"), (byte) 7)));
    }

    @Provide
    Arbitrary<Actor> actors() {
        Arbitrary<Actor> built = texts().flatMap(id -> lists().flatMap(roles -> texts().map(name -> {
            try {
                return Actor.builder(id).name(name).roles(roles).session(name).admin(true).build();
            } catch (AuditRecordRejectedException e) {
                return null; // a rejected actor becomes a null actor, which the factories must reject too
            }
        })));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)), Tuple.of(19, built));
    }
}
