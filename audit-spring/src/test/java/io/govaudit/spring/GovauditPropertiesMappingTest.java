package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.Actor;
import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.ComplianceLevel;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.spi.Anchor;
import io.govaudit.spi.AnchorSink;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Each group of {@code govaudit.*} core properties reaches the trail (seen in what it writes),
 * invalid values stop the start naming the property, and application beans (alert listeners,
 * anchor sinks, builder customizers) are used.
 */
class GovauditPropertiesMappingTest {

    private static final String CHAIN = "props-1";

    @TempDir
    Path store;

    @TempDir
    Path keys;

    private ApplicationContextRunner runner;

    @BeforeEach
    void runner() {
        // built here, not in a field initializer: the @TempDir fields are set after construction
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GovauditAutoConfiguration.class,
                        GovauditJdbcStoreAutoConfiguration.class))
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=" + CHAIN);
    }

    @Test
    void unsetProperties_leaveTheCoreDefaults() {
        runner.run(context -> assertThat(context).hasSingleBean(AuditTrail.class));

        JsonNode start = TrailFiles.trailStart(store, CHAIN);
        assertThat(start.path("durability").asText()).isEqualTo("SYNC");
        assertThat(start.path("segment_max_bytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(start.path("max_record_bytes").asLong()).isEqualTo(16 * 1024);
        assertThat(start.path("retention_minimum").asText()).isEqualTo("P6M");
        assertThat(start.path("capacity_max_bytes").asLong()).isEqualTo(-1);
        assertThat(start.path("on_full").asText()).isEqualTo("STOP_RECORDING");
        assertThat(start.path("masking").asText())
                .isEqualTo("TW_ID,TW_RESIDENT_ID,MOBILE,LANDLINE,EMAIL,CARD;custom=0;hash=off");
    }

    @Test
    void storeSegmentRetentionAndCapacityProperties_areInTrailStart() {
        runner.withPropertyValues("govaudit.durability=async", "govaudit.segment.max-bytes=1MB",
                "govaudit.segment.max-age=2h", "govaudit.max-record-bytes=2KB", "govaudit.queue-capacity=64",
                "govaudit.retention.minimum=P1Y", "govaudit.retention.maximum=P2Y",
                "govaudit.capacity.max-bytes=10MB", "govaudit.capacity.warn-at=90",
                "govaudit.capacity.on-full=fail-closed", "govaudit.capacity.reserve-bytes=64KB")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class));

        JsonNode start = TrailFiles.trailStart(store, CHAIN);
        assertThat(start.path("durability").asText()).isEqualTo("ASYNC");
        assertThat(start.path("segment_max_bytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(start.path("max_record_bytes").asLong()).isEqualTo(2048);
        assertThat(start.path("retention_minimum").asText()).isEqualTo("P1Y");
        assertThat(start.path("capacity_max_bytes").asLong()).isEqualTo(10L * 1024 * 1024);
        assertThat(start.path("on_full").asText()).isEqualTo("FAIL_CLOSED");
    }

    @Test
    void sixMonthFloorProperties_areInTrailStart() {
        runner.withPropertyValues("govaudit.retention.minimum=P1M",
                "govaudit.retention.below-six-months-reason=non-core system, approved by the CISO",
                "govaudit.segment.max-bytes=32KB", "govaudit.capacity.max-bytes=64KB",
                "govaudit.capacity.on-full=overwrite-oldest",
                "govaudit.capacity.overwrite-within-retention-reason=test system, approved")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class));

        JsonNode start = TrailFiles.trailStart(store, CHAIN);
        assertThat(start.path("retention_minimum").asText()).isEqualTo("P1M");
        assertThat(start.path("retention_below_six_months").asText()).isEqualTo("non-core system, approved by the CISO");
        assertThat(start.path("on_full").asText()).isEqualTo("OVERWRITE_OLDEST");
        assertThat(start.path("overwrite_within_retention").asText()).isEqualTo("test system, approved");
    }

    @Test
    void sixMonthFloor_unjustifiedOrMisplaced_failsTheStartNamingTheProperties() {
        runner.withPropertyValues("govaudit.retention.minimum=P1M",
                "govaudit.capacity.overwrite-within-retention-reason=approved")
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).startsWith("govaudit.retention.minimum: retention minimum (P1M) "
                                + "is below six months"))
                        .anySatisfy(p -> assertThat(p).startsWith("govaudit.capacity.overwrite-within-retention-reason: "
                                + "overwriteWithinRetention applies to onFull OVERWRITE_OLDEST only")));
        runner.withPropertyValues("govaudit.retention.below-six-months-reason=approved")
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .containsExactly("govaudit.retention.below-six-months-reason: belowSixMonths is only for a "
                                + "retention minimum below six months, and P6M is not; remove the justification"));
    }

    @Test
    void maxRecordBytes_rejectsLargerEvents() {
        runner.withPropertyValues("govaudit.max-record-bytes=1KB").run(context -> {
            AuditTrail trail = context.getBean(AuditTrail.class);
            AuditEvent big = AuditEvent.login(Actor.of("u1")).detail("note", "x".repeat(2000)).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> trail.record(big))
                    .isInstanceOf(io.govaudit.AuditRecordRejectedException.class);
        });
    }

    @Test
    void maskingProperties_areInTrailStartAndMaskFreeText() {
        runner.withPropertyValues("govaudit.masking.rules=TW_ID,EMAIL",
                "govaudit.masking.patterns[0].name=NHI_CARD", "govaudit.masking.patterns[0].regex=\\b\\d{12}\\b",
                "govaudit.masking.keyed-hash=true")
                .run(context -> context.getBean(AuditTrail.class)
                        .record(AuditEvent.login(Actor.of("u1")).detail("note", "card 123456789012").build()));

        assertThat(TrailFiles.trailStart(store, CHAIN).path("masking").asText())
                .isEqualTo("TW_ID,EMAIL;custom=1:NHI_CARD;hash=on");
        JsonNode login = TrailFiles.ofType(store, CHAIN, "LOGIN").get(0);
        assertThat(login.path("detail").path("note").asText()).startsWith("card ************").doesNotContain("1234");
    }

    @Test
    void emptyMaskingRules_turnTheBuiltInRulesOffVisibly() {
        runner.withPropertyValues("govaudit.masking.rules=").run(context -> assertThat(context).hasNotFailed());

        assertThat(TrailFiles.trailStart(store, CHAIN).path("masking").asText()).isEqualTo("none;custom=0;hash=off");
    }

    @Test
    void fileProperties_groupReadableAndCompression_reachTheStore() throws Exception {
        runner.withPropertyValues("govaudit.file.group-readable=true", "govaudit.file.compress-closed-segments=true")
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(java.nio.file.Files.getPosixFilePermissions(store.resolve(CHAIN)))
                .contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ);
    }

    @Test
    void signingCheckpointAndAnchorProperties_produceSignedCheckpointsAndAnchors() throws Exception {
        Path key = TrailFiles.signingKey(keys, "audit");
        Path anchors = keys.resolve("anchors");
        runner.withPropertyValues("govaudit.signing.key=" + key, "govaudit.checkpoint.every=1",
                "govaudit.checkpoint.interval=1h", "govaudit.heartbeat=2h", "govaudit.anchors.directory=" + anchors)
                .run(context -> {
                    AuditTrail trail = context.getBean(AuditTrail.class);
                    trail.record(AuditEvent.login(Actor.of("u1")).build());
                    trail.record(AuditEvent.login(Actor.of("u2")).build());
                });

        List<JsonNode> checkpoints = TrailFiles.ofType(store, CHAIN, "CHECKPOINT");
        assertThat(checkpoints).isNotEmpty();
        assertThat(checkpoints.get(0).path("detail").path("sig").asText()).isNotEmpty();
        assertThat(Files.readAllLines(anchors.resolve(CHAIN + ".anchors"))).isNotEmpty();
        VerificationReport report = AuditVerifier.forDirectory(store).trustedKey(keys.resolve("audit.pub"))
                .anchors(anchors).verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
    }

    @Test
    void keysProperties_makeTheChainKeyed() {
        Path seed = TrailFiles.hmacSeed(keys);
        runner.withPropertyValues("govaudit.keys.hmac-seed=" + seed, "govaudit.keys.epoch-length=10m")
                .run(context -> context.getBean(AuditTrail.class).record(AuditEvent.login(Actor.of("u1")).build()));

        assertThat(store.resolve(CHAIN).resolve("epoch.key")).exists();
        assertThat(TrailFiles.ofType(store, CHAIN, "LOGIN").get(0).has("mac")).isTrue();
    }

    @Test
    void acceptLostRecords_isPassedOn() {
        // Nothing is lost here, so the setting changes nothing; what counts is that it binds and
        // the trail still opens (RecordsLostException's own path is tested in the core).
        runner.withPropertyValues("govaudit.accept-lost-records=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class));
    }

    @Test
    void invalidCoreValues_failTheStartNamingEveryProperty() {
        runner.withPropertyValues("govaudit.max-record-bytes=10B", "govaudit.segment.max-bytes=1KB",
                "govaudit.checkpoint.every=0",
                "govaudit.heartbeat=-1s", "govaudit.queue-capacity=0", "govaudit.segment.max-age=0s",
                "govaudit.keys.epoch-length=0s", "govaudit.checkpoint.interval=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    AuditConfigurationException failure = configurationFailure(context.getStartupFailure());
                    assertThat(failure.problems())
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.max-record-bytes: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.checkpoint.every: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.heartbeat: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.queue-capacity: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.segment.max-age: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.keys.epoch-length: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.checkpoint.interval: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.segment.max-bytes: "));
                    FailureAnalysis analysis = new GovauditFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("govaudit.max-record-bytes", "was 10");
                });
    }

    @Test
    void verifyEvery_startsTheTrailsScheduledVerification() {
        runner.withPropertyValues("govaudit.verify-every=1h").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("govaudit-verify-" + CHAIN);
        });
    }

    @Test
    void siemMirror_startsTheMirrorThread_andIsOffByDefault() {
        runner.run(context -> assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("govaudit-mirror-" + CHAIN));
        runner.withPropertyValues("govaudit.siem.mirror=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class);
            assertThat(context.getBean(GovauditProperties.class).getSiem().isMirror()).isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .contains("govaudit-mirror-" + CHAIN);
        });
    }

    @Test
    void replicaProperties_copyEveryRecordToEachDirectory() throws Exception {
        Path first = keys.resolve("replica-1");
        Path second = keys.resolve("replica-2");
        runner.withPropertyValues("govaudit.replica.directories=" + first + "," + second,
                "govaudit.replica.max-lag=30s").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class);
                    assertThat(context.getBean(GovauditProperties.class).getReplica().getMaxLag())
                            .isEqualTo(java.time.Duration.ofSeconds(30));
                    context.getBean(AuditTrail.class).record(io.govaudit.AuditEvent.configChange(
                            io.govaudit.Actor.of("admin-1"), "smtp.host", "a", "b").build());
                });
        // the context closed the trail: each replica holds the trail's records and verifies
        for (Path replica : List.of(first, second)) {
            io.govaudit.verify.VerificationReport report = io.govaudit.verify.AuditVerifier.forDirectory(replica).verify();
            assertThat(report.intact()).as("%s", report.problems()).isTrue();
            assertThat(report.chains()).singleElement().satisfies(chain -> {
                assertThat(chain.chain()).isEqualTo(CHAIN);
                assertThat(chain.lastTime()).isNotNull();
            });
        }
        assertThat(io.govaudit.verify.AuditVerifier.forDirectory(first).verify().chains().get(0).lastSeq())
                .isEqualTo(io.govaudit.verify.AuditVerifier.forDirectory(store).verify().chains().get(0).lastSeq());
    }

    @Test
    void replicaMaxLag_outOfRange_failsTheStartNamingTheProperty() {
        runner.withPropertyValues("govaudit.replica.max-lag=2d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationFailure(context.getStartupFailure()).problems())
                    .anySatisfy(p -> assertThat(p).startsWith("govaudit.replica.max-lag: ").contains("P1D"));
        });
    }

    @Test
    void verifyEvery_outOfRange_failsTheStartNamingTheProperty() {
        runner.withPropertyValues("govaudit.verify-every=500ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(configurationFailure(context.getStartupFailure()).problems())
                    .anySatisfy(p -> assertThat(p).startsWith("govaudit.verify-every: ").contains("PT0.5S"));
        });
    }

    @Test
    void invalidPolicyValues_failTheStartNamingEveryProperty() {
        runner.withPropertyValues("govaudit.retention.minimum=P1Y", "govaudit.retention.maximum=P1M",
                "govaudit.capacity.max-bytes=1KB", "govaudit.capacity.warn-at=0",
                "govaudit.capacity.reserve-bytes=1B",
                "govaudit.masking.patterns[0].name=bad name", "govaudit.masking.patterns[0].regex=x",
                "govaudit.masking.patterns[1].name=broken", "govaudit.masking.patterns[1].regex=(")
                .run(context -> {
                    AuditConfigurationException failure = configurationFailure(context.getStartupFailure());
                    assertThat(failure.problems()).hasSize(6)
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.retention.maximum: ").contains("P1M"))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.capacity.max-bytes: ").contains("1024"))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.capacity.warn-at: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.capacity.reserve-bytes: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.masking.patterns[0]: "))
                            .anySatisfy(p -> assertThat(p).startsWith("govaudit.masking.patterns[1].regex: "));
                });
    }

    @Test
    void capacityBelowTwoSegments_failsNamingTheCapacityProperty() {
        runner.withPropertyValues("govaudit.capacity.max-bytes=1MB", "govaudit.segment.max-bytes=1MB")
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("govaudit.capacity.max-bytes: ")));
    }

    @Test
    void anchorsWithoutASigningKey_failNamingTheSigningKey() {
        runner.withPropertyValues("govaudit.anchors.directory=" + keys.resolve("anchors"))
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("govaudit.signing.key: ")));
    }

    @Test
    void complianceLevel_bindsCaseInsensitively_andIsInTrailStart() {
        runner.withPropertyValues("govaudit.compliance-level=Basic", "govaudit.capacity.max-bytes=10MB",
                        "govaudit.segment.max-bytes=1MB")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class);
                    assertThat(context.getBean(GovauditProperties.class).getComplianceLevel())
                            .isEqualTo(ComplianceLevel.BASIC);
                });

        JsonNode start = TrailFiles.trailStart(store, CHAIN);
        assertThat(start.path("compliance_level").asText()).isEqualTo("basic");
        assertThat(start.path("capacity_max_bytes").asLong()).isEqualTo(10L * 1024 * 1024);
        assertThat(start.path("verify_every").asText()).isEqualTo("off");
    }

    @Test
    void complianceLevelHigh_withoutItsPieces_failsTheStartNamingEveryPieceAndItsProperty() {
        runner.withPropertyValues("govaudit.compliance-level=HIGH").run(context -> {
            AuditConfigurationException failure = configurationFailure(context.getStartupFailure());
            assertThat(failure.problems()).hasSize(6)
                    .allSatisfy(p -> assertThat(p).startsWith("govaudit.compliance-level: complianceLevel HIGH (高) needs "))
                    .anySatisfy(p -> assertThat(p).contains("(REQUIREMENTS B6, S4)", "govaudit.capacity.max-bytes"))
                    .anySatisfy(p -> assertThat(p).contains("a keyed chain", "govaudit.keys.hmac-seed"))
                    .anySatisfy(p -> assertThat(p).contains("signed checkpoints", "govaudit.signing.key"))
                    .anySatisfy(p -> assertThat(p).contains("(REQUIREMENTS B10)", "govaudit.clock-check.servers"))
                    .anySatisfy(p -> assertThat(p).contains("(REQUIREMENTS B8)", "govaudit.alerts.webhook.url"))
                    .anySatisfy(p -> assertThat(p).contains("(REQUIREMENTS B13)", "govaudit.replica.directories"));
            FailureAnalysis analysis = new GovauditFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("6 problems:", "govaudit.keys.hmac-seed",
                    "govaudit.replica.directories");
            assertThat(analysis.getAction()).contains("govaudit.compliance-level");
        });
    }

    @Test
    void complianceLevelHigh_aWebhookListenerBeanCountsAsDelivery() {
        runner.withPropertyValues("govaudit.compliance-level=high")
                .withBean("webhook", io.govaudit.alert.WebhookAlertListener.class,
                        () -> AuditAlertListener.webhook(java.net.URI.create("http://127.0.0.1:9/alerts")))
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems()).hasSize(5)
                        .noneSatisfy(p -> assertThat(p).contains("(REQUIREMENTS B8)")));
    }

    @Test
    void anUnknownComplianceLevel_failsTheBindingNamingTheProperty() {
        runner.withPropertyValues("govaudit.compliance-level=extreme").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("govaudit.compliance-level"));
    }

    @Test
    void anUnknownOnFullValue_failsTheBindingNamingTheProperty() {
        runner.withPropertyValues("govaudit.capacity.on-full=drop").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("govaudit.capacity.on-full"));
    }

    @Test
    void applicationAlertListenersAndAnchorSinks_areUsed() {
        Path key = TrailFiles.signingKey(keys, "audit");
        runner.withUserConfiguration(ListenerAndSink.class)
                .withPropertyValues("govaudit.signing.key=" + key, "govaudit.checkpoint.every=1",
                        "govaudit.segment.max-bytes=32KB", "govaudit.capacity.max-bytes=64KB",
                        "govaudit.capacity.warn-at=1")
                .run(context -> {
                    context.getBean(AuditTrail.class).record(AuditEvent.login(Actor.of("u1")).build());
                    context.getBean(AuditTrail.class).record(AuditEvent.login(Actor.of("u2")).build());
                });

        assertThat(ListenerAndSink.ALERTS).extracting(AuditAlert::kind).contains(AlertKind.CAPACITY_WARNING);
        assertThat(ListenerAndSink.ANCHORS).isNotEmpty().allSatisfy(a -> assertThat(a.chain()).isEqualTo(CHAIN));
    }

    @Test
    void customizers_areAppliedInOrderAfterTheProperties() {
        runner.withUserConfiguration(Customizers.class).withPropertyValues("govaudit.chain-id=from-properties")
                .run(context -> assertThat(context.getBean(AuditTrail.class).chainId()).isEqualTo("second"));
    }

    @Test
    void anInvalidCustomizedValue_isReportedUnderItsProperty() {
        runner.withBean(AuditTrailBuilderCustomizer.class, () -> builder -> builder.queueCapacity(-5))
                .run(context -> assertThat(configurationFailure(context.getStartupFailure()).problems())
                        .containsExactly("govaudit.queue-capacity: queueCapacity must be from 1 to 1048576, was -5"));
    }

    @Test
    void anApplicationsOwnTrail_winsOverAllProperties() {
        try (AuditTrail own = AuditTrail.builder().directory(keys).chainId("own").system("test").build()) {
            runner.withPropertyValues("govaudit.max-record-bytes=10B")
                    .withBean(AuditTrail.class, () -> own)
                    .run(context -> assertThat(context).hasNotFailed().getBean(AuditTrail.class).isSameAs(own));
        }
    }

    @Test
    void withoutAuditJdbc_theFileStoreStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("io.govaudit.jdbc"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class));
    }

    private static AuditConfigurationException configurationFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof AuditConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("startup failure %s", failure).isInstanceOf(AuditConfigurationException.class);
        return (AuditConfigurationException) cause;
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerAndSink {

        static final List<AuditAlert> ALERTS = new CopyOnWriteArrayList<>();
        static final List<Anchor> ANCHORS = new CopyOnWriteArrayList<>();

        @Bean
        AuditAlertListener recordingListener() {
            return ALERTS::add;
        }

        @Bean
        AnchorSink recordingSink() {
            return ANCHORS::add;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @Order(2)
        AuditTrailBuilderCustomizer second() {
            return builder -> builder.chainId("second");
        }

        @Bean
        @Order(1)
        AuditTrailBuilderCustomizer first() {
            return builder -> builder.chainId("first");
        }
    }
}
