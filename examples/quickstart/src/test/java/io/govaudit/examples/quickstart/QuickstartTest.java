package io.govaudit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.EventType;
import io.govaudit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @TempDir
    Path store;

    @Test
    void run_freshStore_recordsEveryRequiredTypeAndVerifiesIntact() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        VerificationReport report = Quickstart.run(store, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(report.intact()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INTACT").doesNotContain("NOT INTACT");
        String log;
        try (Stream<Path> files = Files.list(store.resolve("quickstart"))) {
            log = files.filter(p -> p.toString().endsWith(".log")).map(QuickstartTest::read)
                    .collect(Collectors.joining());
        }
        for (EventType type : EventType.required()) {
            assertThat(log).as("type %s recorded", type).contains("\"type\":\"" + type.code() + "\"");
        }
        assertThat(log).doesNotContain("old-secret", "new-secret", "JSESSIONID-7f3a9c");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
