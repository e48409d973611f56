package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * The same test sources run twice: in audit-spring on Spring Boot 4 and in
 * compat/spring-boot-3 on Boot 3.5. Each build says which Boot it means (surefire property
 * {@code govaudit.test.boot-version}); this test fails when the class path holds another, so a
 * green Boot 3.5 run cannot be a Boot 4 run in disguise.
 */
class BootVersionTest {

    @Test
    void theClassPathHoldsTheBootVersionThisBuildTestsAgainst() {
        String expected = System.getProperty("govaudit.test.boot-version");

        assertThat(expected).as("surefire property govaudit.test.boot-version").isNotBlank();
        assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
        assertThat(SpringVersion.getVersion()).startsWith(expected.startsWith("4.") ? "7." : "6.");
    }
}
