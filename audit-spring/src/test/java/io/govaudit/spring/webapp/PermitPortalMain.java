package io.govaudit.spring.webapp;

import org.springframework.boot.SpringApplication;

/**
 * Starts {@link PermitPortalApplication} as its own process, as an operator would run it: the
 * users' password comes from the environment variable {@code PERMIT_PORTAL_PASSWORD}.
 */
public final class PermitPortalMain {

    private PermitPortalMain() {
    }

    /**
     * Runs the application.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        PermitPortalApplication.password = System.getenv("PERMIT_PORTAL_PASSWORD");
        SpringApplication.run(PermitPortalApplication.class, args);
    }
}
