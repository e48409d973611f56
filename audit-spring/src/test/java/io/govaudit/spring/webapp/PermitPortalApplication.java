package io.govaudit.spring.webapp;

import jakarta.servlet.http.HttpSession;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Boot application with form login, URL and method security, and no audit code:
 * what a user of audit-spring writes. The users' password is the test's random string, set
 * before the context starts.
 */
@SpringBootApplication
@EnableMethodSecurity
public class PermitPortalApplication {

    /** The password of both users; the test sets a fresh random one before starting. */
    public static volatile String password;

    /** Printed when a slow request has arrived. */
    public static final String SLOW_ARRIVED = "permit-portal: slow request arrived";

    /** Counted down when a slow request has arrived. */
    public static volatile CountDownLatch slowArrived = new CountDownLatch(1);

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
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

    /** State-changing endpoints with path variables, one guarded by method security. */
    @RestController
    static class SettingsController {

        @PostMapping("/api/settings/{key}")
        String set(@PathVariable String key) {
            return "set " + key;
        }

        @PostMapping("/api/admin/purge")
        String purge() {
            return "purged";
        }

        @PostMapping("/api/reports/{id}/approve")
        @PreAuthorize("hasRole('ADMIN')")
        String approve(@PathVariable String id) {
            return "approved " + id;
        }

        /** Shortens the caller's session to one second, so that the test can let it expire. */
        @PostMapping("/api/session/short")
        String shortSession(HttpSession session) {
            session.setMaxInactiveInterval(1);
            return "short";
        }

        /** A request still running when the application is asked to stop. */
        @PostMapping("/api/slow")
        String slow() throws InterruptedException {
            slowArrived.countDown();
            // SigtermShutdownTest watches the process output for this line
            System.out.println(SLOW_ARRIVED);
            TimeUnit.MILLISECONDS.sleep(800);
            return "done";
        }
    }
}
