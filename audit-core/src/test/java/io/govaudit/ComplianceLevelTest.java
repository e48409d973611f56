package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.alert.WebhookAlertListener;
import io.govaudit.internal.trail.LevelProfile;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.SntpTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compliance level profiles (issue 16, docs/compliance.md, level profiles): each level refuses a
 * configuration below it naming every missing piece in one {@link AuditConfigurationException},
 * sets its defaults, and a trail that meets it writes the level and the effective settings into
 * {@code TRAIL_START}.
 */
class ComplianceLevelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAIN = "c1";
    private static final URI WEBHOOK = URI.create("http://127.0.0.1:9/alerts");

    private static final String RETENTION = "a retention minimum of at least six months (REQUIREMENTS B1, S6)";
    private static final String OVERWRITE = "records kept for the whole retention minimum (REQUIREMENTS B1, S6)";
    private static final String CAPACITY = "a bounded capacity, so that storage is planned (REQUIREMENTS B6, S4)";
    private static final String INTEGRITY = "integrity beyond the plain hash chain (REQUIREMENTS B12)";
    private static final String CLOCK = "a clock check against a reference time source (REQUIREMENTS B10)";
    private static final String HOURLY = "scheduled verification at least hourly";
    private static final String KEYED = "a keyed chain (REQUIREMENTS B12)";
    private static final String SIGNED = "signed checkpoints (REQUIREMENTS B12)";
    private static final String ALERTS = "alert delivery to people outside the process (REQUIREMENTS B8)";
    private static final String REPLICA = "a replica on another physical system (REQUIREMENTS B13)";

    @TempDir
    Path root;

    private KeyedStore keys;
    private SntpTestServer sntp;
    private WebhookAlertListener webhook;

    @BeforeEach
    void fixtures() throws IOException {
        keys = KeyedStore.create(root);
        sntp = SntpTestServer.start();
        webhook = AuditAlertListener.webhook(WEBHOOK);
    }

    @AfterEach
    void close() {
        webhook.close();
        sntp.close();
    }

    private AuditTrail.Builder builder() {
        return AuditTrail.builder().directory(keys.store).chainId(CHAIN).system("permit-portal").host("node-a");
    }

    private ClockCheck clockCheck() {
        return ClockCheck.servers(sntp.address()).timeout(Duration.ofMillis(500));
    }

    private static List<String> problems(AuditTrail.Builder builder) {
        try (AuditTrail trail = builder.build()) {
            throw new AssertionError("built " + trail.chainId() + " below its level");
        } catch (AuditConfigurationException e) {
            return e.problems();
        }
    }

    private JsonNode trailStart() {
        List<JsonNode> starts = TrailFiles.lines(keys.store.resolve(CHAIN)).stream().map(ComplianceLevelTest::parse)
                .filter(r -> r.path("type").asText().equals("TRAIL_START")).toList();
        assertThat(starts).isNotEmpty();
        return starts.get(starts.size() - 1).path("detail");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void basic_unboundedWithJustifiedShortRetention_namesEveryPieceInOneMessage() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.BASIC)
                .retention(RetentionPolicy.minimum(Period.ofMonths(1)).belowSixMonths("non-core system"));

        assertThat(problems(builder)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel BASIC (普) needs " + RETENTION)
                        .contains("was P1M", "govaudit.retention.minimum", "--retention-min P6M"))
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel BASIC (普) needs " + CAPACITY)
                        .contains("CapacityPolicy.maxBytes", "govaudit.capacity.max-bytes", "--max-bytes"));
        assertThatThrownBy(builder::build).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining(RETENTION).hasMessageContaining(CAPACITY);
    }

    @Test
    void basic_overwriteWithinRetention_isRefused() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.BASIC)
                .segmentMaxBytes(16384).capacity(CapacityPolicy.maxBytes(65536)
                        .onFull(CapacityPolicy.OnFull.OVERWRITE_OLDEST).overwriteWithinRetention("test system"));

        assertThat(problems(builder)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("complianceLevel BASIC (普) needs " + OVERWRITE)
                .contains("govaudit.capacity.overwrite-within-retention-reason", "--overwrite-within-retention-reason"));
    }

    @Test
    void medium_plainChainWithoutClockCheckAndSlowVerification_namesEveryPieceInOneMessage() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.MEDIUM).verifyEvery(Duration.ofHours(2));

        assertThat(problems(builder)).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel MEDIUM (中) needs " + CAPACITY))
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel MEDIUM (中) needs " + INTEGRITY)
                        .contains("hmacSeed(Path)", "govaudit.keys.hmac-seed", "--hmac-seed FILE",
                                "signingKey(Path)", "govaudit.signing.key", "--sign-key FILE"))
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel MEDIUM (中) needs " + CLOCK)
                        .contains("clockCheck(", "govaudit.clock-check.servers", "--ntp-server HOST"))
                .anySatisfy(p -> assertThat(p).startsWith("complianceLevel MEDIUM (中) needs " + HOURLY)
                        .contains("verifyEvery was PT2H", "govaudit.verify-every"));
    }

    @Test
    void high_defaults_namesEveryPieceInOneMessage() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.HIGH);

        List<String> problems = problems(builder);
        assertThat(problems).hasSize(6).allSatisfy(p -> assertThat(p).startsWith("complianceLevel HIGH (高) needs "));
        assertThat(String.join("\n", problems)).contains(CAPACITY, KEYED, SIGNED, CLOCK, ALERTS, REPLICA,
                "govaudit.alerts.webhook.url", "--alert-webhook URL",
                "replicateTo(Path) / govaudit.replica.directories / audit-cli generate --replica DIR")
                .doesNotContain(INTEGRITY); // HIGH names the keyed chain and the signing key one by one
    }

    @Test
    void high_everythingButAReplica_countsTheWebhookAsDelivery() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.HIGH)
                .segmentMaxBytes(16384).capacity(CapacityPolicy.maxBytes(1 << 20))
                .hmacSeed(keys.seedFile).signingKey(keys.keyPair("k").privatePem).clockCheck(clockCheck())
                .alertListener(AuditAlertListener.logging().and(webhook));

        assertThat(problems(builder)).singleElement().satisfies(p -> assertThat(p)
                .isEqualTo("complianceLevel HIGH (高) needs " + REPLICA + ", was none; set replicateTo(Path) / "
                        + "govaudit.replica.directories / audit-cli generate --replica DIR"));
    }

    @Test
    void high_withAReplica_buildsWithTheLevelsDefaultsAndTrailStartHoldsThem() throws IOException {
        Path replica = root.resolve("replica");
        try (AuditTrail trail = builder().complianceLevel(ComplianceLevel.HIGH)
                .segmentMaxBytes(16384).capacity(CapacityPolicy.maxBytes(1 << 20))
                .hmacSeed(keys.seedFile).signingKey(keys.keyPair("k").privatePem).clockCheck(clockCheck())
                .alertListener(AuditAlertListener.logging().and(webhook)).replicateTo(replica).build()) {
            trail.record(AuditEvent.userLock(Actor.builder("A123456").admin(true).build(), "u-1").build());
        }
        JsonNode start = trailStart();
        assertThat(start.path("compliance_level").asText()).isEqualTo("high");
        assertThat(start.path("verify_every").asText()).as("HIGH's default").isEqualTo("PT15M");
        assertThat(start.path("replicas").asInt()).isEqualTo(1);
        assertThat(start.path("keyed").asBoolean()).isTrue();
        assertThat(start.path("signed").asBoolean()).isTrue();
        assertThat(start.path("alert_delivery").asBoolean()).isTrue();
        assertThat(io.govaudit.verify.AuditVerifier.forDirectory(replica).hmacSeed(keys.seedFile).verify().intact())
                .as("the replica verifies").isTrue();
    }

    @Test
    void high_loggingListenerOnly_isNoDelivery() {
        AuditTrail.Builder builder = builder().complianceLevel(ComplianceLevel.HIGH)
                .alertListener(AuditAlertListener.logging().and(alert -> { }));

        assertThat(problems(builder)).anySatisfy(p -> assertThat(p).contains(ALERTS));
    }

    @Test
    void delivers_webhooksAndCombinationsWithThem_loggingAndLambdasNot() {
        assertThat(AuditAlertListener.logging().delivers()).isFalse();
        assertThat(((AuditAlertListener) alert -> { }).delivers()).isFalse();
        assertThat(AuditAlertListener.guarded(AuditAlertListener.logging()).delivers()).isFalse();
        assertThat(webhook.delivers()).isTrue();
        assertThat(AuditAlertListener.guarded(webhook).delivers()).isTrue();
        assertThat(AuditAlertListener.logging().and(webhook).delivers()).isTrue();
        assertThat(webhook.and(AuditAlertListener.logging()).delivers()).isTrue();
        assertThat(AuditAlertListener.logging().and(alert -> { }).delivers()).isFalse();
    }

    @Test
    void medium_met_buildsWithHourlyVerificationAndTrailStartHoldsTheLevelAndSettings() {
        try (AuditTrail trail = builder().complianceLevel(ComplianceLevel.MEDIUM)
                .segmentMaxBytes(16384).capacity(CapacityPolicy.maxBytes(1 << 20))
                .hmacSeed(keys.seedFile).clockCheck(clockCheck()).build()) {
            trail.flush();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("govaudit-verify-" + CHAIN);
        }

        JsonNode start = trailStart();
        assertThat(start.path("compliance_level").asText()).isEqualTo("medium");
        assertThat(start.path("verify_every").asText()).isEqualTo("PT1H");
        assertThat(start.path("keyed").asBoolean()).isTrue();
        assertThat(start.path("signed").asBoolean()).isFalse();
        assertThat(start.path("clock_check").asBoolean()).isTrue();
        assertThat(start.path("alert_delivery").asBoolean()).isFalse();
        assertThat(start.path("replicas").asInt()).isZero();
        assertThat(start.path("retention_minimum").asText()).isEqualTo("P6M");
        assertThat(start.path("capacity_max_bytes").asLong()).isEqualTo(1 << 20);
        assertThat(start.path("on_full").asText()).isEqualTo("STOP_RECORDING");
    }

    @Test
    void medium_keyedChainReopenedWithoutItsSeed_isStillKeyed() {
        AuditTrail.Builder first = builder().complianceLevel(ComplianceLevel.MEDIUM).segmentMaxBytes(16384)
                .capacity(CapacityPolicy.maxBytes(1 << 20)).hmacSeed(keys.seedFile).clockCheck(clockCheck());
        first.build().close();

        // the seed went to the auditor: the chain stays keyed from its epoch state
        try (AuditTrail trail = builder().complianceLevel(ComplianceLevel.MEDIUM).segmentMaxBytes(16384)
                .capacity(CapacityPolicy.maxBytes(1 << 20)).clockCheck(clockCheck()).verifyEvery(Duration.ofMinutes(30))
                .build()) {
            trail.flush();
        }
        assertThat(trailStart().path("keyed").asBoolean()).isTrue();
        assertThat(trailStart().path("verify_every").asText()).isEqualTo("PT30M");
    }

    @Test
    void basic_met_buildsWithoutScheduledVerification() {
        try (AuditTrail trail = builder().complianceLevel(ComplianceLevel.BASIC).segmentMaxBytes(16384)
                .capacity(CapacityPolicy.maxBytes(1 << 20)).alertListener(webhook).build()) {
            trail.flush();
        }

        JsonNode start = trailStart();
        assertThat(start.path("compliance_level").asText()).isEqualTo("basic");
        assertThat(start.path("verify_every").asText()).isEqualTo("off");
        assertThat(start.path("alert_delivery").asBoolean()).isTrue();
        assertThat(start.path("keyed").asBoolean()).isFalse();
    }

    @Test
    void noLevel_demandsNothing_andTrailStartHoldsTheSettingsWithoutALevel() {
        try (AuditTrail trail = builder().build()) {
            trail.flush();
        }

        JsonNode start = trailStart();
        assertThat(start.has("compliance_level")).isFalse();
        assertThat(start.path("verify_every").asText()).isEqualTo("off");
        assertThat(start.path("clock_check").asBoolean()).isFalse();
        assertThat(start.path("capacity_max_bytes").asLong()).isEqualTo(-1);
    }

    @Test
    void defaultVerifyEvery_hourlyAtMedium_quarterHourlyAtHigh_directoryStoresOnly() {
        assertThat(LevelProfile.defaultVerifyEvery(ComplianceLevel.BASIC, true)).isNull();
        assertThat(LevelProfile.defaultVerifyEvery(ComplianceLevel.MEDIUM, true)).isEqualTo(Duration.ofHours(1));
        assertThat(LevelProfile.defaultVerifyEvery(ComplianceLevel.HIGH, true)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LevelProfile.defaultVerifyEvery(ComplianceLevel.HIGH, false)).isNull();
        assertThat(LevelProfile.defaultVerifyEvery(null, true)).isNull();
    }
}
