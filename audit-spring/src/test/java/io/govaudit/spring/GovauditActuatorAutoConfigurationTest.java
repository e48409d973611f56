package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.AuditTrail;
import io.govaudit.verify.AuditVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One test per condition and back-off of {@link GovauditActuatorAutoConfiguration} (STYLE S36).
 * Beans are looked up by name, never by the health indicator's type, so that the same test runs
 * under Spring Boot 3.5 and 4.0.
 */
class GovauditActuatorAutoConfigurationTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(GovauditAutoConfiguration.class,
            GovauditActuatorAutoConfiguration.class);
    private static final String HEALTH = GovauditActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN;
    private static final String ENDPOINT = GovauditActuatorAutoConfiguration.ENDPOINT_BEAN;
    private static final String METRICS = GovauditActuatorAutoConfiguration.METRICS_BEAN;

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=node-1");
    }

    private WebApplicationContextRunner webRunner() {
        return new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=node-1",
                        "management.endpoints.web.exposure.include=govaudit");
    }

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void health_actuatorPresent_registersTheIndicatorForThisBootVersion() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasBean(HEALTH);
            assertThat(context.getBean(HEALTH).getClass().getSimpleName())
                    .isIn("GovauditHealthIndicator", "Boot3GovauditHealthIndicator");
        });
    }

    @Test
    void health_noActuatorOnTheClassPath_noIndicator() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
                "org.springframework.boot.actuate.health"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class).doesNotHaveBean(HEALTH));
    }

    @Test
    void health_disabledByProperty_noIndicator() {
        runner().withPropertyValues("management.health.govaudit.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(HEALTH));
    }

    @Test
    void health_applicationsOwnBean_wins() {
        Object own = new Object();
        runner().withBean(HEALTH, Object.class, () -> own)
                .run(context -> assertThat(context.getBean(HEALTH)).isSameAs(own));
    }

    @Test
    void noTrail_noActuatorBeans() {
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("management.endpoints.web.exposure.include=govaudit")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AuditTrail.class)
                        .doesNotHaveBean(HEALTH).doesNotHaveBean(ENDPOINT).doesNotHaveBean(METRICS));
    }

    @Test
    void metrics_registryPresent_bindsTheMetersTaggedWithTheChain() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasBean(METRICS);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(METRICS, MeterBinder.class).bindTo(registry);
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("govaudit.records",
                    "govaudit.batches", "govaudit.batch.size", "govaudit.commit.latency", "govaudit.queue.depth",
                    "govaudit.not.recorded", "govaudit.capacity.used");
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("chain")).isEqualTo("node-1"));
            assertThat(registry.get("govaudit.records.written").functionCounter().count())
                    .as("CHAIN_START and TRAIL_START").isEqualTo(2);
        });
    }

    @Test
    void metrics_withReplicas_aBehindGaugePerReplica() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("govaudit.replica.directories=" + store.resolve("r0") + "," + store.resolve("r1"))
                .run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(METRICS, MeterBinder.class).bindTo(registry);
                    assertThat(registry.find("govaudit.replica.behind").gauges())
                            .extracting(g -> g.getId().getTag("replica")).containsExactlyInAnyOrder("0", "1");
                    assertThat(registry.get("govaudit.replica.behind").tag("replica", "0").gauge().value())
                            .isBetween(0.0, 2.0);
                });
    }

    @Test
    void metrics_noMicrometerOnTheClassPath_noBinder() {
        runner().withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(METRICS));
    }

    @Test
    void metrics_noMeterRegistry_noBinder() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(METRICS));
    }

    @Test
    void metrics_applicationsOwnBinder_wins() {
        MeterBinder own = registry -> { };
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(METRICS, MeterBinder.class, () -> own)
                .run(context -> assertThat(context.getBean(METRICS)).isSameAs(own));
    }

    @Test
    void endpoint_exposedWithSpringSecurity_isCreatedWithTheFileVerifierSource() {
        webRunner().run(context -> {
            assertThat(context).hasNotFailed().hasBean(ENDPOINT).hasSingleBean(AuditVerifierSource.class);
            assertThat(context.getBean(AuditVerifierSource.class).store()).isEqualTo(store.toString());
        });
    }

    @Test
    void endpoint_noSpringSecurityOnTheClassPath_doesNotExist() {
        webRunner().withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditTrail.class)
                        .doesNotHaveBean(ENDPOINT));
    }

    @Test
    void endpoint_notExposed_doesNotExist() {
        webRunner().withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ENDPOINT));
    }

    @Test
    void endpoint_notAServletApplication_doesNotExist() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=govaudit")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ENDPOINT));
    }

    @Test
    void endpoint_configuredAuditorRole_isTheOneChecked() {
        webRunner().withPropertyValues("govaudit.actuator.auditor-role=audit:read").run(context -> {
            GovauditEndpoint endpoint = context.getBean(ENDPOINT, GovauditEndpoint.class);
            SecurityContextHolder.getContext().setAuthentication(auth("ROLE_AUDITOR"));
            assertThatThrownBy(endpoint::status).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("audit:read");
            SecurityContextHolder.getContext().setAuthentication(auth("audit:read"));
            assertThat(endpoint.status()).containsEntry("chain", "node-1");
        });
    }

    @Test
    void endpoint_noAuthentication_isRefused() {
        webRunner().run(context -> assertThatThrownBy(context.getBean(ENDPOINT, GovauditEndpoint.class)::status)
                .isInstanceOf(AccessDeniedException.class));
    }

    @Test
    void verify_trailWithoutAVerifierSource_saysItCannotVerifyAndRecordsThat() throws Exception {
        AuditTrail own = AuditTrail.builder().directory(store.resolve("elsewhere")).chainId("own").system("s").build();
        new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("management.endpoints.web.exposure.include=govaudit")
                .withBean(AuditTrail.class, () -> own)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(AuditVerifierSource.class);
                    SecurityContextHolder.getContext().setAuthentication(auth("ROLE_AUDITOR"));
                    Map<String, Object> verdict = context.getBean(ENDPOINT, GovauditEndpoint.class).verify("verify");
                    assertThat(verdict).containsEntry("verdict", "UNAVAILABLE");
                    assertThat((String) verdict.get("reason")).contains("AuditVerifierSource");
                });
        own.close();
        List<String> lines;
        try (Stream<Path> files = Files.list(store.resolve("elsewhere").resolve("own"))) {
            lines = Files.readAllLines(files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow());
        }
        assertThat(lines).filteredOn(l -> l.contains("\"AUDIT_LOG_READ\"")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"outcome\":\"FAILURE\"").contains("no verifier source")
                        .contains("\"verdict\":\"UNAVAILABLE\""));
    }

    @Test
    void verify_applicationsOwnVerifierSource_wins() {
        AuditVerifierSource own = AuditVerifierSource.of("db:audit", () -> AuditVerifier.forDirectory(store));
        webRunner().withBean(AuditVerifierSource.class, () -> own)
                .run(context -> assertThat(context.getBean(AuditVerifierSource.class)).isSameAs(own));
    }

    private static TestingAuthenticationToken auth(String authority) {
        TestingAuthenticationToken token = new TestingAuthenticationToken("someone", "n/a", authority);
        token.setAuthenticated(true);
        return token;
    }
}
