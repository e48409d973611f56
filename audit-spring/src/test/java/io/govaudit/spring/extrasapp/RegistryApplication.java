package io.govaudit.spring.extrasapp;

import io.govaudit.EventType;
import io.govaudit.Subject;
import io.govaudit.spring.AuditContext;
import io.govaudit.spring.SensitiveAccess;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A citizen registry with HTTP basic login, an in-memory user store the administrators manage
 * over HTTP, a service whose methods are annotated {@link SensitiveAccess}, one event recorded
 * through {@link AuditContext} and one published through Boot's audit API. The users' password is
 * the test's random string, set before the context starts.
 */
@SpringBootApplication
public class RegistryApplication {

    /** The password of the initial users; the test sets a fresh random one before starting. */
    public static volatile String password;

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // a browser-less API client: CSRF tokens are not what this test is about
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("admin").password("{noop}" + password).roles("ADMIN").build(),
                User.withUsername("clerk").password("{noop}" + password).roles("CLERK").build());
    }

    /** A citizen record. */
    public record Citizen(String id, String name) {
    }

    /** No such citizen; the message holds what was searched for, which is personal data. */
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public static class CitizenNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param query what was searched for
         */
        public CitizenNotFoundException(String query) {
            super("no citizen for " + query);
        }
    }

    /** The service holding personal data. */
    @Service
    public static class CitizenService {

        /**
         * Finds a citizen by record id.
         *
         * @param id the record id
         * @return the citizen
         */
        @SensitiveAccess(kind = "CITIZEN", id = "#id", fields = {"name", "address"}, purpose = "permit review")
        public Citizen find(String id) {
            if (id.startsWith("missing")) {
                throw new CitizenNotFoundException(id);
            }
            return new Citizen(id, "Wang Hsiao-ming");
        }

        /**
         * Finds a citizen by phone number: the record id is known only afterwards.
         *
         * @param phone the phone number
         * @return the citizen
         */
        @SensitiveAccess(kind = "CITIZEN", id = "#result.id", fields = "name")
        public Citizen findByPhone(String phone) {
            if (phone.endsWith("0")) {
                throw new CitizenNotFoundException(phone);
            }
            return new Citizen("R-" + phone.substring(phone.length() - 3), "Lin Mei-hua");
        }
    }

    /** Reads citizens, manages users, records its own and Boot events; no audit code but those two. */
    @RestController
    static class RegistryController {
        private final CitizenService citizens;
        private final UserDetailsManager users;
        private final AuditContext audit;
        private final ApplicationEventPublisher publisher;

        RegistryController(CitizenService citizens, UserDetailsManager users, AuditContext audit,
                ApplicationEventPublisher publisher) {
            this.citizens = citizens;
            this.users = users;
            this.audit = audit;
            this.publisher = publisher;
        }

        @GetMapping("/citizens/{id}")
        String citizen(@PathVariable String id) {
            return citizens.find(id).name();
        }

        @PostMapping("/citizens/search")
        String search(@RequestParam String phone) {
            return citizens.findByPhone(phone).id();
        }

        @PostMapping("/users/{name}")
        void create(@PathVariable String name, @RequestParam String password) {
            users.createUser(User.withUsername(name).password("{noop}" + password).roles("CLERK").build());
        }

        @DeleteMapping("/users/{name}")
        void delete(@PathVariable String name) {
            users.deleteUser(name);
        }

        @PostMapping("/users/{name}/lock")
        void lock(@PathVariable String name) {
            users.updateUser(User.withUserDetails(stored(name)).accountLocked(true).build());
        }

        @PostMapping("/users/{name}/unlock")
        void unlock(@PathVariable String name) {
            users.updateUser(User.withUserDetails(stored(name)).accountLocked(false).build());
        }

        @PostMapping("/users/{name}/disable")
        void disable(@PathVariable String name) {
            users.updateUser(User.withUserDetails(stored(name)).disabled(true).build());
        }

        @PostMapping("/users/{name}/roles")
        void roles(@PathVariable String name, @RequestParam String roles) {
            users.updateUser(User.withUserDetails(stored(name)).roles(roles.split(",")).build());
        }

        @PostMapping("/users/{name}/reset")
        void reset(@PathVariable String name, @RequestParam String password) {
            users.updateUser(User.withUserDetails(stored(name)).password("{noop}" + password).build());
        }

        @PostMapping("/me/password")
        void changePassword(@RequestParam String current, @RequestParam String replacement) {
            users.changePassword("{noop}" + current, "{noop}" + replacement);
        }

        @PostMapping("/permits/{id}/approve")
        void approve(@PathVariable String id) {
            audit.record(audit.event(EventType.of("PERMIT_APPROVE")).subject(Subject.of("PERMIT", id)));
        }

        @PostMapping("/reports/{name}")
        void report(@PathVariable String name, @RequestParam String format) {
            publisher.publishEvent(new AuditApplicationEvent(audit.currentActor().id(), "report.exported",
                    Map.of("report", name, "format", format, "pages", 3, "flags", List.of("a", "b"),
                            "details", Arrays.asList(new Object(), "x"))));
        }

        @PostMapping("/settings/{key}")
        String setting(@PathVariable String key) {
            return key;
        }

        /** The stored user, or a new one (for updates of users that do not exist). */
        private UserDetails stored(String name) {
            return users.userExists(name) ? users.loadUserByUsername(name)
                    : User.withUsername(name).password("{noop}unknown").roles("CLERK").build();
        }
    }
}
