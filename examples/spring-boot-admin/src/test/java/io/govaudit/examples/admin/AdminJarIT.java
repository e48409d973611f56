package io.govaudit.examples.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.verify.AuditVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repackaged {@code target/spring-boot-admin.jar} starts with {@code java -jar}, prints the
 * store and, with {@code GOVAUDIT_DEMO_PASSWORD} unset, a generated password once, and writes
 * {@code TRAIL_STOP} when stopped with SIGTERM; the password is nowhere in the store.
 */
class AdminJarIT {

    private static final Pattern PASSWORD = Pattern.compile("password for this run is: (\\S+)");

    @TempDir
    Path work;

    @Test
    void jar_startsPrintsThePasswordOnce_andStopsWithTrailStop() throws Exception {
        Path jar = Path.of("target", "spring-boot-admin.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path store = work.resolve("audit");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=0", "--govaudit.file.directory=" + store)
                .directory(work.toFile()).redirectErrorStream(true);
        builder.environment().remove(DemoPassword.VARIABLE);
        Process app = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> read(app, output, started), "jar-output");
        reader.start();
        try {
            assertThat(started.await(90, TimeUnit.SECONDS)).as("started: %s", output).isTrue();
        } finally {
            app.destroy();   // SIGTERM: graceful shutdown, TRAIL_STOP
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }

        String all = String.join("\n", output);
        Matcher password = PASSWORD.matcher(all);
        assertThat(password.find()).as(all).isTrue();
        String generated = password.group(1);
        assertThat(all.split(Pattern.quote(generated), -1)).as("printed once").hasSize(2);
        assertThat(all).contains("audit trail in " + store);
        List<String> lines = StoreRecords.storedLines(store);
        assertThat(String.join("\n", lines)).doesNotContain(generated);
        assertThat(StoreRecords.all(store)).last().satisfies(r -> assertThat(r.path("type").asText())
                .isEqualTo("TRAIL_STOP"));
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }

    private static void read(Process app, List<String> output, CountDownLatch started) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.contains("password for this run is")) {   // printed when the application is ready
                    started.countDown();
                }
            }
        } catch (IOException closed) {
            // destroy() closes the pipe while the application says goodbye: the store tells the rest
        }
    }

}
