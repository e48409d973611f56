package io.govaudit.spring;

import io.govaudit.spring.testing.StoreRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** One test per condition, back-off and switch of the extras (STYLE S36). */
class GovauditExtrasAutoConfigurationTest {

    @TempDir
    Path store;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GovauditAutoConfiguration.class,
                    GovauditSecurityAutoConfiguration.class, GovauditExtrasAutoConfiguration.class));

    private ApplicationContextRunner withTrail() {
        return runner.withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=c");
    }

    @Test
    void withATrail_everyExtraIsThere() {
        withTrail().run(context -> {
            assertThat(context).hasSingleBean(AuditContext.class);
            assertThat(context).hasSingleBean(TrailAuditEventRepository.class);
            assertThat(context).hasSingleBean(UserDetailsAuditPostProcessor.class);
            assertThat(context).getBean("govauditSensitiveAccessAdvisor").isInstanceOf(Advisor.class);
        });
    }

    @Test
    void withoutATrail_thereAreNoExtras() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AuditContext.class)
                .doesNotHaveBean(AuditEventRepository.class).doesNotHaveBean(UserDetailsAuditPostProcessor.class));
    }

    @Test
    void withoutSpringSecurity_thereAreNoExtras() {
        withTrail().withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(context -> assertThat(context).hasSingleBean(AuditTrail.class)
                        .doesNotHaveBean(AuditContext.class).doesNotHaveBean(AuditEventRepository.class));
    }

    @Test
    void userDetailsManagers_areWrappedKeepingClassAndInterfaces() {
        withTrail().withBean("users", InMemoryUserDetailsManager.class, GovauditExtrasAutoConfigurationTest::users)
                .run(context -> {
                    Object users = context.getBean("users");
                    assertThat(AopUtils.isAopProxy(users)).isTrue();
                    assertThat(users).isInstanceOf(InMemoryUserDetailsManager.class)
                            .isInstanceOf(UserDetailsPasswordService.class);
                });
    }

    @Test
    void userDetailsAuditOff_managersAreLeftAlone() {
        withTrail().withPropertyValues("govaudit.user-details.audit=false")
                .withBean("users", InMemoryUserDetailsManager.class, GovauditExtrasAutoConfigurationTest::users)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(UserDetailsAuditPostProcessor.class);
                    assertThat(AopUtils.isAopProxy(context.getBean("users"))).isFalse();
                });
    }

    @Test
    void anApplicationsOwnAuditEventRepository_wins() {
        InMemoryAuditEventRepository own = new InMemoryAuditEventRepository();
        withTrail().withBean(AuditEventRepository.class, () -> own)
                .run(context -> assertThat(context).getBean(AuditEventRepository.class).isSameAs(own));
    }

    @Test
    void withoutTheActuator_thereIsNoBridgeButTheRest() {
        withTrail().withClassLoader(new FilteredClassLoader(AuditEventRepository.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(AuditContext.class)
                        .doesNotHaveBean(TrailAuditEventRepository.class));
    }

    @Test
    void auditEventsDisabled_thereIsNoBridge() {
        withTrail().withPropertyValues("management.auditevents.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TrailAuditEventRepository.class)
                        .hasSingleBean(AuditContext.class));
    }

    @Test
    void anApplicationsOwnAuditContext_wins() {
        withTrail().withUserConfiguration(OwnContext.class).run(context ->
                assertThat(context).getBean(AuditContext.class).isSameAs(context.getBean("ownContext")));
    }

    @Test
    void sensitiveAccessBeans_areProxiedWithoutBootsAopAutoConfiguration() {
        withTrail().withUserConfiguration(GoodService.class).run(context -> {
            GoodService.Records records = context.getBean(GoodService.Records.class);
            assertThat(AopUtils.isAopProxy(records)).isTrue();
            assertThat(records.find("R-1")).isEqualTo("R-1");
        });
        assertThat(StoreRecords.applicationRecords(store)).singleElement()
                .satisfies(r -> assertThat(r.path("type").asText()).isEqualTo("SENSITIVE_ACCESS"));
    }

    @Test
    void aBadSensitiveAccessExpression_stopsTheStartNamingMethodAndExpression() {
        withTrail().withUserConfiguration(BadService.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(SensitiveAccessExpressionException.class)
                    .hasMessageContaining("Records.find(String)").hasMessageContaining("#recordId");
        });
    }

    private static InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername("u").password("{noop}p").roles("A").build());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnContext {
        @Bean
        AuditContext ownContext(AuditTrail trail) {
            return new AuditContext(trail, new WebActors(java.util.List.of(), new ClientAddress(java.util.List.of())));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GoodService {
        @Bean
        Records records() {
            return new Records();
        }

        static class Records {
            @SensitiveAccess(kind = "CITIZEN", id = "#id")
            public String find(String id) {
                return id;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadService {
        @Bean
        Records records() {
            return new Records();
        }

        static class Records {
            @SensitiveAccess(kind = "CITIZEN", id = "#recordId")
            public String find(String id) {
                return id;
            }
        }
    }
}
