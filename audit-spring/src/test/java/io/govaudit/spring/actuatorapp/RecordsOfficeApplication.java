package io.govaudit.spring.actuatorapp;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Boot application with actuator, HTTP Basic and its own small {@link AuditTrail} (64 KiB,
 * STOP_RECORDING), so the store can be filled in a test; the auto-configuration backs off for
 * the trail and still adds the health indicator, the endpoint and the meters. The health
 * endpoint is public; everything else needs a login. The test sets the password and the store
 * directory before the context starts.
 */
@SpringBootApplication
public class RecordsOfficeApplication {

    /** The chain of this application. */
    public static final String CHAIN = "records-office";
    /** The capacity bound. */
    public static final long MAX_BYTES = 64 * 1024;

    /** The password of every user; the test sets a fresh random one before starting. */
    public static volatile String password;
    /** The store directory; the test sets it before starting. */
    public static volatile Path store;

    @Bean(destroyMethod = "close")
    AuditTrail auditTrail() {
        return AuditTrail.builder().directory(store).chainId(CHAIN).system("records-office")
                .maxRecordBytes(1024).segmentMaxBytes(8 * 1024)
                .capacity(CapacityPolicy.maxBytes(MAX_BYTES).onFull(CapacityPolicy.OnFull.STOP_RECORDING))
                .build();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("auditor").password("{noop}" + password).roles("AUDITOR").build(),
                User.withUsername("clerk").password("{noop}" + password).roles("CLERK").build());
    }
}
