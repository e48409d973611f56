package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events and configurations are checked before anything is written: a rejected event names its
 * member and leaves the file and the trail as they were (docs/format.md sections 1-2, STYLE.md S10-S11, S14).
 */
class ValidationTest {

    @TempDir
    Path store;

    private final Actor admin = Actor.builder("A1").admin(true).build();

    private AuditTrail open(String system) {
        return AuditTrail.builder().directory(store).chainId("c1").system(system).host("h").build();
    }

    private static void assertRejected(Runnable action, String member) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(AuditRecordRejectedException.class,
                e -> assertThat(e.member()).as(e.getMessage()).isEqualTo(member));
    }

    @Test
    void event_missingType_isRejectedNamingType() {
        assertRejected(() -> AuditEvent.of(null, admin), "type");
        assertRejected(() -> EventType.of(null), "type");
    }

    @Test
    void event_missingOrBlankActorId_isRejectedNamingActorId() {
        assertRejected(() -> Actor.of(null), "actor.id");
        assertRejected(() -> Actor.of(" \t"), "actor.id");
        assertRejected(() -> AuditEvent.login(null), "actor.id");
    }

    @Test
    void event_otherMissingMembers_areRejectedNamingThem() {
        assertRejected(() -> Subject.of(null, "x"), "subject.kind");
        assertRejected(() -> Subject.of("user", "x"), "subject.kind");
        assertRejected(() -> Subject.user(" "), "subject.id");
        assertRejected(() -> AuditEvent.adminAction(admin, ""), "where.op");
        assertRejected(() -> AuditEvent.configChange(admin, " ", "a", "b"), "detail.key");
        assertRejected(() -> AuditEvent.login(admin).detail("bad key", "x"), "detail");
        assertRejected(() -> AuditEvent.login(admin).detail("n", Double.NaN), "detail.n");
        assertRejected(() -> AuditEvent.login(admin).detail("n", List.of(List.of("x"))), "detail.n");
        assertRejected(() -> AuditEvent.login(admin).detail("n", new Object()), "detail.n");
        assertRejected(() -> AuditEvent.login(admin).detail("n", 1).detail("n", 2), "detail.n");
    }

    @Test
    void record_blankWhereSystem_isRejectedNamingWhereSystemAndNothingWritten() {
        try (AuditTrail trail = open("sys")) {
            Path segment = Segments.list(store.resolve("c1")).get(0);
            byte[] before = Segments.bytes(segment);

            assertRejected(() -> trail.record(AuditEvent.login(admin)
                    .where(new Location(" ", null, null, null, null, null)).build()), "where.system");

            trail.flush();
            assertThat(Segments.bytes(segment)).isEqualTo(before);
            assertThat(trail.record(AuditEvent.login(admin).build()).seq()).hasValue(3);
        }
    }

    @Test
    void build_noSystem_isAConfigurationProblemAndLeavesTheChainUnlocked() {
        assertThatThrownBy(() -> open(null)).isInstanceOfSatisfying(AuditConfigurationException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("system")));
        assertThatThrownBy(() -> open(" ")).isInstanceOf(AuditConfigurationException.class);

        try (AuditTrail trail = open("sys")) {
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
        }
    }

    @Test
    void record_overDefaultRecordSize_isRejectedNamingLargestMemberAndTrailStaysUsable() throws Exception {
        try (AuditTrail trail = open("sys")) {
            trail.record(AuditEvent.login(admin).build());
            Path segment = Segments.list(store.resolve("c1")).get(0);
            byte[] before = Segments.bytes(segment);
            AuditEvent oversize = AuditEvent.adminAction(admin, "POST /x").reason("r".repeat(2000))
                    .detail("small", "s".repeat(6000)).detail("large", "l".repeat(8000)).build();

            assertThatThrownBy(() -> trail.record(oversize)).isInstanceOfSatisfying(
                    AuditRecordRejectedException.class, e -> {
                        assertThat(e.member()).isEqualTo("detail.large");
                        assertThat(e.getMessage()).contains("16384");
                    });

            trail.flush();
            assertThat(Segments.bytes(segment)).isEqualTo(before);
            assertThat(trail.record(AuditEvent.logout(admin).build()).seq()).hasValue(4);
        }
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact();
    }

    @Test
    void record_singleValueOverLimit_isRejectedNamingIt() {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s")
                .maxRecordBytes(1024 * 1024).segmentMaxBytes(4L * 1024 * 1024).build()) {
            AuditEvent huge = AuditEvent.login(admin).detail("blob", "x".repeat(1024 * 1024 + 1)).build();
            assertRejected(() -> trail.record(huge), "detail.blob");
            AuditEvent fits = AuditEvent.login(admin).detail("blob", "x".repeat(1000 * 1000)).build();
            assertThat(trail.record(fits).seq()).hasValue(3);
        }
    }

    @Test
    void record_stringMemberOverItsBound_isRejectedNamingIt() {
        try (AuditTrail trail = open("sys")) {
            assertRejected(() -> trail.record(AuditEvent.login(Actor.of("a".repeat(257))).build()), "actor.id");
            assertRejected(() -> trail.record(AuditEvent.login(admin).reason("r".repeat(2049)).build()), "reason");
            assertRejected(() -> trail.record(AuditEvent.login(admin)
                    .where(Location.defaults().withUa("u".repeat(513))).build()), "where.ua");
        }
    }

    @Test
    void build_manyInvalidProperties_reportsEveryProblemAtOnce() {
        AuditTrail.Builder builder = AuditTrail.builder().chainId("bad/id").durability(null).maxRecordBytes(10)
                .segmentMaxBytes(10).segmentMaxAge(Duration.ZERO).queueCapacity(0).clock(null);

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(AuditConfigurationException.class, e -> {
            assertThat(e.problems()).hasSize(9);
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("directory"))
                    .anySatisfy(p -> assertThat(p).startsWith("system").contains("not set"))
                    .anySatisfy(p -> assertThat(p).startsWith("chainId").contains("'bad/id'"))
                    .anySatisfy(p -> assertThat(p).startsWith("durability"))
                    .anySatisfy(p -> assertThat(p).startsWith("maxRecordBytes").contains("10"))
                    .anySatisfy(p -> assertThat(p).startsWith("segmentMaxBytes").contains("10"))
                    .anySatisfy(p -> assertThat(p).startsWith("segmentMaxAge").contains("PT0S"))
                    .anySatisfy(p -> assertThat(p).startsWith("queueCapacity").contains("0"))
                    .anySatisfy(p -> assertThat(p).startsWith("clock"));
            assertThat(e.getMessage()).contains(e.problems());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "node-1", "Node_1.eu-west", "0", "-", "_", "a..b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void build_validChainId_opensTheChainInItsOwnDirectory(String chainId) {
        assertThatCode(() -> {
            try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(chainId).system("s").build()) {
                assertThat(trail.chainId()).isEqualTo(chainId);
            }
        }).doesNotThrowAnyException();
        assertThat(Segments.list(store.resolve(chainId))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a b", "nöde", "a:b", "a\nb",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void build_invalidChainId_isRejectedNamingChainId(String chainId) {
        AuditTrail.Builder builder = AuditTrail.builder().directory(store).chainId(chainId).system("s");

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(AuditConfigurationException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("chainId")));
    }

    @Test
    void characterLoops_randomNames_acceptExactlyTheLanguageOfTheFormerRegularExpressions() {
        java.util.regex.Pattern upperSnake = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
        java.util.regex.Pattern detailKey = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
        String alphabet = "AZaz09_.-/ \u00c4\u212a\n";
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 50_000; round++) {
            int length = random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < length; i++) {
                name.append(alphabet.charAt(random.nextInt(round % 2 == 0 ? 7 : alphabet.length())));
            }
            String s = name.toString();
            org.assertj.core.api.Assertions.assertThat(EventType.isUpperSnake(s)).as(s)
                    .isEqualTo(upperSnake.matcher(s).matches());
            org.assertj.core.api.Assertions.assertThat(AuditEvent.isDetailKey(s)).as(s)
                    .isEqualTo(detailKey.matcher(s).matches());
        }
    }
}
