package io.govaudit.examples.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The back-office application. */
@SpringBootApplication
public class AdminApplication {

    /**
     * Starts the application.
     *
     * @param args command-line arguments, e.g. {@code --server.port=8080}
     */
    public static void main(String[] args) {
        SpringApplication.run(AdminApplication.class, args);
    }
}
