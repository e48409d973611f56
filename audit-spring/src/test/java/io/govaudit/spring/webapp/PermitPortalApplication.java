package io.govaudit.spring.webapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Boot application with form login and no audit code: what a user of audit-spring
 * writes. The users' password is the test's random string, set before the context starts.
 */
@SpringBootApplication
public class PermitPortalApplication {

    /** The password of both users; the test sets a fresh random one before starting. */
    public static volatile String password;

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // a browser-less client: CSRF tokens are not what this test is about
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/login", "/logout"))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("admin").password("{noop}" + password).roles("ADMIN").build(),
                User.withUsername("clerk").password("{noop}" + password).roles("CLERK").build());
    }

    /** The settings API, a state-changing endpoint with a path variable. */
    @RestController
    static class SettingsController {

        @PostMapping("/api/settings/{key}")
        String set(@PathVariable String key) {
            return "set " + key;
        }
    }
}
