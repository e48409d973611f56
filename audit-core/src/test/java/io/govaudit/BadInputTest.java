package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Null and malformed arguments to the event API are rejected with {@link AuditRecordRejectedException}
 * naming the member, never a {@code NullPointerException} (issue 11 part 4, STYLE.md S14, S16);
 * {@code where.ip} holds one address literal; an operation is never dropped silently.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private final Actor admin = Actor.builder("A1").admin(true).build();

    private static void assertRejected(Executable action, String member) {
        assertThatThrownBy(action::execute).isInstanceOfSatisfying(AuditRecordRejectedException.class,
                e -> assertThat(e.member()).as(e.getMessage()).isEqualTo(member));
    }

    @Test
    void record_nullEvent_isRejectedNamingEventAndTrailStaysUsable() {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            assertRejected(() -> trail.record(null), "event");
            assertThat(trail.record(AuditEvent.login(admin).build()).seq()).hasValue(3);
        }
    }

    @Test
    void factories_nullCollections_areRejectedNamingTheDetailMember() {
        List<String> none = List.of();
        assertRejected(() -> AuditEvent.permissionChange(admin, "u1", null, none), "detail.granted");
        assertRejected(() -> AuditEvent.permissionChange(admin, "u1", none, null), "detail.revoked");
        assertRejected(() -> AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-1", null, "p"), "detail.fields");
    }

    @Test
    void factories_collectionsWithNullElements_areRejectedNamingTheDetailMember() {
        Collection<String> withNull = Arrays.asList("ADMIN", null);
        assertRejected(() -> AuditEvent.permissionChange(admin, "u1", withNull, List.of()), "detail.granted");
        assertRejected(() -> AuditEvent.permissionChange(admin, "u1", List.of(), withNull), "detail.revoked");
        assertRejected(() -> AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-1", withNull, "p"), "detail.fields");
    }

    @Test
    void factories_nullIdsAndActors_areRejectedNamingTheMember() {
        assertRejected(() -> AuditEvent.passwordChange(null), "actor.id");
        assertRejected(() -> AuditEvent.userPasswordReset(admin, null), "subject.id");
        assertRejected(() -> AuditEvent.userLock(admin, null), "subject.id");
        assertRejected(() -> AuditEvent.permissionChange(admin, null, List.of(), List.of()), "subject.id");
        assertRejected(() -> AuditEvent.sensitiveAccess(admin, null, "R-1", List.of(), "p"), "subject.kind");
        assertRejected(() -> AuditEvent.auditLogRead(admin, "store", null), "detail.action");
        assertRejected(() -> AuditEvent.configChange(admin, null, "a", "b"), "detail.key");
        assertRejected(() -> AuditEvent.adminAction(admin, null), "where.op");
    }

    @Test
    void builder_nullOutcomeOrWhere_isRejectedNamingIt() {
        assertRejected(() -> AuditEvent.login(admin).outcome(null), "outcome");
        assertRejected(() -> AuditEvent.login(admin).where(null), "where");
    }

    @Test
    void actorRoles_nullArrayCollectionOrElement_isRejectedNamingActorRoles() {
        assertRejected(() -> Actor.builder("A1").roles("X", null), "actor.roles");
        assertRejected(() -> Actor.builder("A1").roles((String[]) null), "actor.roles");
        assertRejected(() -> Actor.builder("A1").roles((Collection<String>) null), "actor.roles");
        assertRejected(() -> Actor.builder("A1").roles(Arrays.asList("X", null)), "actor.roles");
    }

    @Test
    void actorRoles_rejectedCall_addsNothing() {
        Actor.Builder builder = Actor.builder("A1").roles("KEEP");
        assertRejected(() -> builder.roles("X", null), "actor.roles");

        assertThat(builder.build().roles()).containsExactly("KEEP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip\r\n", "", " ", "10.1.2.3\n", "10.1.2", "10.1.2.3.4", "256.1.2.3", "010.1.2.3",
        "10.1.2.3:443", "[::1]", "10.1.2.3, 10.0.0.1", "::1, 10.0.0.1", "host.example", "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:2:3:4:5:6:7:8::", "12345::", "g::1", "::ffff:1.2.3", "fe80::1%",
        "fe80::1%eth0\r\n", "::1%a%b", " 10.1.2.3", "1.2.3.4%eth0", "\u0661.1.1.1"})
    void location_ipNotOneAddressLiteral_isRejectedNamingWhereIp(String ip) {
        assertRejected(() -> Location.defaults().withIp(ip), "where.ip");
        assertRejected(() -> new Location("s", "h", null, ip, null, null), "where.ip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "0.0.0.0", "255.255.255.255", "192.0.2.7", "::", "::1", "1::", "2001:db8::7",
        "2001:DB8:0:0:8:800:200C:417A", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:10.1.2.3",
        "::FFFF:192.0.2.128", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:10.1.2.3", "fe80::1%eth0", "fe80::1%25"})
    void location_ipAddressLiteral_isAcceptedAndStoredAsGiven(String ip) throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            trail.record(AuditEvent.login(admin).where(Location.defaults().withIp(ip)).build());
        }

        List<String> lines = Segments.allLines(store.resolve("c1"));
        assertThat(JSON.readTree(lines.get(2)).at("/where/ip").asText()).isEqualTo(ip);
    }

    @Test
    void adminAction_whereWithoutOp_keepsTheFactoryOp() {
        Location desk = Location.defaults().withIp("10.1.2.3");

        AuditEvent event = AuditEvent.adminAction(admin, "GET /a").where(desk).build();

        assertThat(event.where().op()).isEqualTo("GET /a");
        assertThat(event.where().ip()).isEqualTo("10.1.2.3");
    }

    @Test
    void adminAction_whereWithSameOp_isAccepted() {
        AuditEvent event = AuditEvent.adminAction(admin, "GET /a").where(Location.defaults().withOp("GET /a")).build();

        assertThat(event.where().op()).isEqualTo("GET /a");
    }

    @Test
    void adminAction_whereWithAnotherOp_isRejectedNamingWhereOpAndBothValues() {
        Location desk = Location.defaults().withIp("10.1.2.3").withOp("POST /b");
        AuditEvent.Builder builder = AuditEvent.adminAction(admin, "GET /a");

        assertThatThrownBy(() -> builder.where(desk)).isInstanceOfSatisfying(AuditRecordRejectedException.class, e -> {
            assertThat(e.member()).isEqualTo("where.op");
            assertThat(e.getMessage()).contains("'GET /a'", "'POST /b'");
        });
        assertThat(builder.build().where().op()).as("the builder is unchanged").isEqualTo("GET /a");
    }

    @Test
    void where_secondLocationWithAnotherOp_isRejectedAndWithoutOpKeepsTheFirst() {
        AuditEvent.Builder builder = AuditEvent.login(admin).where(Location.defaults().withOp("POST /login"));

        assertRejected(() -> builder.where(Location.defaults().withOp("GET /")), "where.op");
        assertThat(builder.where(Location.defaults().withIp("::1")).build().where())
                .isEqualTo(new Location(null, null, null, "::1", "POST /login", null));
    }

    @Test
    void record_everyFactoryWithValidInput_verifiesIntact() throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            trail.record(AuditEvent.adminAction(admin, "GET /a").where(Location.defaults().withIp("::ffff:10.0.0.1"))
                    .build());
            trail.record(AuditEvent.permissionChange(admin, "u1", List.of("R"), List.of()).build());
            trail.record(AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-1", List.of("name"), null).build());
        }
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact();
    }
}
