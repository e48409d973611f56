package io.govaudit.cli;

import io.govaudit.testing.LoopbackWebhook;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code audit-cli watch}: one round ({@code --once}) on intact and tampered stores, a running
 * watch that alerts within one interval of a change and stops on request, and a child JVM stopped
 * by SIGTERM as systemd stops it.
 */
class WatchCommandTest {

    @TempDir
    Path store;

    @BeforeEach
    void generate() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "200");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    private Path segment() throws Exception {
        return Segments.of(store, "c1").get(0);
    }

    @Test
    void watchOnce_intactStore_printsOneIntactLineAndExitsZero() {
        CliRun run = CliRun.of("watch", store.toString(), "--once");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList()).singleElement().asString()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ round 1 intact chains=1 heads=c1:\\d+ read=\\d+");
    }

    @Test
    void watchOnce_tamperedStore_alertsIntegrityFailureWithChainSeqAndFileAndExitsOne() throws Exception {
        Segments.flipTypeLetter(segment(), 70);

        CliRun run = CliRun.of("watch", store.toString(), "--once", "--json");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("ALERT INTEGRITY_FAILURE chain 'c1': HASH_MISMATCH at seq 70 in "
                + segment().getFileName() + ":70");
        var line = Segments.parse(run.out());
        assertThat(line.get("intact").asBoolean()).isFalse();
        assertThat(line.get("problems").get(0).get("seq").asLong()).isEqualTo(70);
        assertThat(line.get("problems").get(0).get("file").asText()).isEqualTo(segment().getFileName().toString());
    }

    @Test
    void watchOnce_tamperedStoreWithWebhook_postsTheIntegrityFailure() throws Exception {
        Segments.flipTypeLetter(segment(), 70);

        try (LoopbackWebhook server = new LoopbackWebhook()) {
            CliRun run = CliRun.of("watch", store.toString(), "--once", "--alert-webhook", server.uri().toString());

            assertThat(run.exit()).isEqualTo(1);
            assertThat(server.posts()).hasSize(1);
            var alert = Segments.parse(server.posts().peek().body());
            assertThat(alert.get("kind").asText()).isEqualTo("INTEGRITY_FAILURE");
            assertThat(alert.get("chain").asText()).isEqualTo("c1");
            assertThat(alert.get("message").asText()).contains("HASH_MISMATCH at seq 70 in " + segment().getFileName());
            assertThat(run.err()).contains("alert delivery:  webhook " + server.uri() + ": delivered 1");
        }
    }

    @Test
    void watchOnce_badInterval_isUsageError() {
        CliRun run = CliRun.of("watch", store.toString(), "--every", "PT0.5S");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--every must be from 1s to 1d, was PT0.5S");
    }

    @Test
    void watch_tamperedWhileRunning_alertsWithinOneIntervalAndStopsOnRequest() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = AuditCli.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        WatchCommand watch = cli.getSubcommands().get("watch").getCommand();
        BlockingQueue<AuditAlert> alerts = new LinkedBlockingQueue<>();
        watch.alerts = alerts::add;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("watch", store.toString(), "--every", "1s"));
        try {
            assertThat(alerts.poll(2500, TimeUnit.MILLISECONDS)).as("intact rounds raise nothing").isNull();
            flipInPlace(segment(), 120);

            AuditAlert alert = alerts.poll(3, TimeUnit.SECONDS);

            assertThat(alert).as("alert within one interval").isNotNull();
            assertThat(alert.kind()).isEqualTo(AlertKind.INTEGRITY_FAILURE);
            assertThat(alert.chain()).isEqualTo("c1");
            assertThat(alert.facts()).containsEntry("seq", 120L)
                    .containsEntry("file", segment().getFileName().toString());
        } finally {
            watch.stop();
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains(" PROBLEMS 1 chains=1"));
        assertThat(lines.get(lines.size() - 1)).matches(".* stopped after \\d+ rounds");
    }

    /** Flips the byte {@link Segments#flipTypeLetter} flips, writing only that byte (no truncation a round could see). */
    private void flipInPlace(Path segment, long seq) throws Exception {
        byte[] before = java.nio.file.Files.readAllBytes(segment);
        Path copy = store.resolve("copy");
        java.nio.file.Files.write(copy, before);
        Segments.flipTypeLetter(copy, seq);
        byte[] after = java.nio.file.Files.readAllBytes(copy);
        int at = java.util.Arrays.mismatch(before, after);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(at);
            file.write(after[at]);
        }
    }

    @Test
    void watch_childJvmGetsSigterm_finishesWithStoppedLine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                AuditCli.class.getName(), "watch", store.toString(), "--every", "1s").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            while (line != null && !line.contains(" round 1 ")) {
                line = out.readLine(); // the test class path's logback may print its status first
            }
            assertThat(line).contains("round 1 intact");
            process.toHandle().destroy(); // SIGTERM, as systemctl stop (Process.destroy would close our pipes)
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String rest = new String(out.lines().reduce("", (a, b) -> a + b + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            assertThat(rest).containsPattern("stopped after \\d+ rounds?");
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }
}
