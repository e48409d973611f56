package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import io.govaudit.ChainLockedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** One test per condition and back-off (STYLE S36). */
class GovauditAutoConfigurationTest {

    private static final AutoConfigurations BOTH = AutoConfigurations.of(GovauditAutoConfiguration.class,
            GovauditSecurityAutoConfiguration.class);

    @TempDir
    Path store;

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(BOTH);

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner().withConfiguration(BOTH);

    @Test
    void withoutADirectoryThereIsNoTrail() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(AuditTrail.class);
            assertThat(context).hasSingleBean(GovauditProperties.class);
        });
    }

    @Test
    void aDirectoryOpensATrailWithTheDefaultChainAndSystem() {
        runner.withPropertyValues("govaudit.file.directory=" + store, "spring.application.name=permit portal")
                .run(context -> {
                    assertThat(context).hasSingleBean(AuditTrail.class);
                    AuditTrail trail = context.getBean(AuditTrail.class);
                    assertThat(trail.chainId()).startsWith("permit-portal-").matches("[A-Za-z0-9._-]{1,64}");
                    assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
                });
    }

    @Test
    void theConfiguredChainIdIsUsed() {
        runner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=node-1",
                "govaudit.durability=async").run(context ->
                        assertThat(context.getBean(AuditTrail.class).chainId()).isEqualTo("node-1"));
    }

    @Test
    void closingTheContextClosesTheTrail() {
        AuditTrail[] trail = new AuditTrail[1];
        runner.withPropertyValues("govaudit.file.directory=" + store).run(context ->
                trail[0] = context.getBean(AuditTrail.class));

        assertThat(trail[0].state()).isEqualTo(AuditTrail.State.CLOSED);
    }

    @Test
    void anApplicationsOwnTrailWins() {
        AuditTrail own = AuditTrail.builder().directory(store).chainId("own").system("test").build();
        try {
            runner.withPropertyValues("govaudit.file.directory=" + store)
                    .withBean(AuditTrail.class, () -> own)
                    .run(context -> assertThat(context).getBean(AuditTrail.class).isSameAs(own));
        } finally {
            own.close();
        }
    }

    @Test
    void aServletApplicationWithSpringSecurityGetsTheListenersAndTheFilter() {
        webRunner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.admin-roles=ROLE_ADMIN")
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityAuditListener.class);
                    assertThat(context).hasSingleBean(AdminActionFilter.class);
                    assertThat(context).hasSingleBean(ClientAddress.class);
                });
    }

    @Test
    void withoutSpringSecurityThereAreNoListeners() {
        webRunner.withPropertyValues("govaudit.file.directory=" + store)
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> {
                    assertThat(context).hasSingleBean(AuditTrail.class);
                    assertThat(context).doesNotHaveBean(SecurityAuditListener.class);
                    assertThat(context).doesNotHaveBean(AdminActionFilter.class);
                });
    }

    @Test
    void withoutATrailThereAreNoListeners() {
        webRunner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(SecurityAuditListener.class).doesNotHaveBean(AdminActionFilter.class));
    }

    @Test
    void outsideAServletApplicationThereAreNoListeners() {
        runner.withPropertyValues("govaudit.file.directory=" + store)
                .run(context -> assertThat(context).hasSingleBean(AuditTrail.class)
                        .doesNotHaveBean(SecurityAuditListener.class));
    }

    @Test
    void anInvalidTrustedProxyStopsTheStart() {
        webRunner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.web.trusted-proxies=proxy.local")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("govaudit.web.trusted-proxies"));
    }

    @Test
    void aLockedChainFailsTheStartAndTheAnalyzerSaysWhatToDo() {
        try (AuditTrail other = AuditTrail.builder().directory(store).chainId("shared").system("test").build()) {
            runner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=shared")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        FailureAnalysis analysis = analyze(context.getStartupFailure());
                        assertThat(analysis).isNotNull();
                        assertThat(analysis.getDescription()).contains("'shared'", "locked");
                        assertThat(analysis.getAction()).contains("govaudit.chain-id");
                        assertThat(analysis.getCause()).isInstanceOf(ChainLockedException.class);
                    });
            assertThat(other.state()).isEqualTo(AuditTrail.State.RUNNING);
        }
    }

    @Test
    void anUnwritableDirectoryFailsTheStartAndTheAnalyzerNamesTheProperty() throws Exception {
        Path file = java.nio.file.Files.writeString(store.resolve("not-a-directory"), "x");
        runner.withPropertyValues("govaudit.file.directory=" + file, "govaudit.chain-id=c")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getAction()).contains("govaudit.file.directory");
                });
    }

    @Test
    void theDefaultChainIdIsSanitisedAndCut() {
        assertThat(GovauditAutoConfiguration.defaultChainId("Permit Portal/台北", "host.example"))
                .isEqualTo("Permit-Portal----host.example");
        assertThat(GovauditAutoConfiguration.defaultChainId(null, "h")).isEqualTo("application-h");
        assertThat(GovauditAutoConfiguration.defaultChainId("a".repeat(80), "h")).hasSize(64);
    }

    /** Runs the analyzers Boot would run at startup, as registered in META-INF/spring.factories. */
    private static FailureAnalysis analyze(Throwable failure) {
        // Boot's own analyzers need constructor arguments this loader does not give: skipped
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(
                FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, skipped) -> { }));
        assertThat(analyzers).hasAtLeastOneElementOfType(GovauditFailureAnalyzer.class);
        return analyzers.stream().filter(GovauditFailureAnalyzer.class::isInstance).findFirst()
                .map(analyzer -> analyzer.analyze(failure)).orElse(null);
    }
}
