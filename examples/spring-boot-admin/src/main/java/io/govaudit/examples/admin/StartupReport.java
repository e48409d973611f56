package io.govaudit.examples.admin;

import java.io.PrintStream;
import java.nio.file.Path;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells the operator, once, on standard output, where to point the browser, where the audit
 * trail is kept and, when {@value DemoPassword#VARIABLE} was unset, the generated password.
 * Standard output, not the logger: a password must not reach a log file or appender.
 */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private final DemoPassword password;
    private final PrintStream out = System.out;

    StartupReport(DemoPassword password) {
        this.password = password;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String directory = env.getProperty("govaudit.file.directory", "");
        out.println("govaudit spring-boot-admin: audit trail in " + Path.of(directory).toAbsolutePath().normalize());
        out.println("govaudit spring-boot-admin: open http://localhost:" + env.getProperty("local.server.port", "8080")
                + "/ and log in as admin, clerk or auditor");
        if (password.generated()) {
            out.println("govaudit spring-boot-admin: " + DemoPassword.VARIABLE
                    + " is not set; the users' password for this run is: " + password.value());
        } else {
            out.println("govaudit spring-boot-admin: the users' password is the value of " + DemoPassword.VARIABLE);
        }
        out.flush();
    }
}
