package io.govaudit.examples.admin;

import java.security.SecureRandom;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo users' initial password: the environment variable {@value #VARIABLE}, else a random
 * one that {@link StartupReport} prints once to standard output (never to a log or a record).
 * Nothing is hard-coded. Thread-safe: immutable.
 */
@Component
public class DemoPassword {

    /** The environment variable (or property) that gives the password. */
    public static final String VARIABLE = "GOVAUDIT_DEMO_PASSWORD";

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final String value;
    private final boolean generated;

    DemoPassword(Environment environment) {
        String given = environment.getProperty(VARIABLE);
        this.generated = given == null || given.isBlank();
        this.value = generated ? random() : given;
    }

    private static String random() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder("Demo-");
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    String value() {
        return value;
    }

    boolean generated() {
        return generated;
    }
}
