package io.govaudit.examples.admin;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Form login at {@code /login}, the access rules by role, and the three demo users in an
 * {@link InMemoryUserDetailsManager}, which audit-spring wraps so that every user-management
 * call is recorded. The rules: {@code /users} and {@code /settings} for administrators,
 * {@code /citizens} for clerks and administrators, {@code /audit} for auditors only (an
 * administrator does not read the trail of their own actions), everything else for any
 * logged-in user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http, SessionTimeoutLoginHandler loginHandler) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/actuator/health").permitAll()
                        .requestMatchers("/users", "/users/**", "/settings").hasRole("ADMIN")
                        .requestMatchers("/citizens", "/citizens/**").hasAnyRole("CLERK", "ADMIN")
                        .requestMatchers("/audit", "/audit/**").hasRole("AUDITOR")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error")
                        .successHandler(loginHandler).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(errors -> errors.accessDeniedPage("/denied"))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager users(PasswordEncoder encoder, DemoPassword password) {
        String hash = encoder.encode(password.value());
        return new InMemoryUserDetailsManager(
                User.withUsername("admin").password(hash).authorities(Roles.ADMIN).build(),
                User.withUsername("clerk").password(hash).authorities(Roles.CLERK).build(),
                User.withUsername("auditor").password(hash).authorities(Roles.AUDITOR).build());
    }
}
