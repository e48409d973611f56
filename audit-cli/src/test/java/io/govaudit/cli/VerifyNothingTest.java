package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, part 1 through the tool: no verdict about nothing (exit 2), a chain deleted whole or
 * cut at the end is exit 1, and what must be there can be stated.
 */
class VerifyNothingTest {

    @TempDir
    Path root;

    private Path store() {
        return root.resolve("store");
    }

    private void generate(Path store, String chain, int count) {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", chain, "--count", String.valueOf(count));
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void verify_chainDirectoryAsStore_exitsTwoNamingTheStore() {
        generate(store(), "node-1", 10);

        CliRun run = CliRun.of("verify", store().resolve("node-1").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).doesNotContain("INTACT");
        assertThat(run.err()).contains("is a chain directory", "verify " + store().toAbsolutePath());
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void verify_emptyDirectory_exitsTwo() throws IOException {
        Files.createDirectories(store());

        CliRun run = CliRun.of("verify", store().toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).doesNotContain("INTACT");
        assertThat(run.err()).contains("no chains found");
    }

    @Test
    void verify_parentOfStoresOneTampered_exitsTwoNotIntact() throws IOException {
        generate(root.resolve("stores/a"), "node-1", 10);
        generate(root.resolve("stores/b"), "node-1", 10);

        CliRun run = CliRun.of("verify", root.resolve("stores").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("2 store directories (a, b)");
    }

    @Test
    void verify_allSegmentsDeleted_exitsOneWithNoRecords() throws IOException {
        generate(store(), "node-1", 10);
        generate(store(), "node-2", 10);
        try (Stream<Path> files = Files.list(store().resolve("node-1"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.delete(f);
            }
        }

        CliRun run = CliRun.of("verify", store().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("NO_RECORDS", "chain 'node-1' holds no record").contains("NOT INTACT");
    }

    @Test
    void verify_expectChainMissing_exitsOne() {
        generate(store(), "node-1", 10);

        CliRun run = CliRun.of("verify", store().toString(), "--expect-chain", "node-2");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("chain node-2", "NO_RECORDS");
    }

    @Test
    void verify_expectFromPreviousReport_findsAChainDeletedWholeAndACutTail() throws IOException {
        generate(store(), "node-1", 10);
        generate(store(), "node-2", 10);
        CliRun first = CliRun.of("verify", store().toString(), "--json");
        assertThat(first.exit()).isZero();
        Path report = Files.writeString(root.resolve("last-report.json"), first.out());
        assertThat(CliRun.of("verify", store().toString(), "--expect-from", report.toString()).exit()).isZero();

        deleteRecursively(store().resolve("node-2"));
        Path segment = store().resolve("node-1").resolve("00000000000000000001.log");
        List<String> lines = Files.readAllLines(segment);
        Files.write(segment, lines.subList(0, lines.size() - 2));

        CliRun run = CliRun.of("verify", store().toString(), "--expect-from", report.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("NO_RECORDS", "TRUNCATED", "the expected head");
    }

    @Test
    void verify_expectHead_badValues_exitTwoNamingTheOption() {
        generate(store(), "node-1", 3);

        for (String bad : List.of("node-1", "node-1=x", "node-1=-3", "../x=5")) {
            CliRun run = CliRun.of("verify", store().toString(), "--expect-head", bad);
            assertThat(run.exit()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).isNotBlank().doesNotContain("\tat ");
        }
        CliRun notReport = CliRun.of("verify", store().toString(), "--expect-from", store().toString());
        assertThat(notReport.exit()).isEqualTo(2);
        assertThat(notReport.err()).contains("--expect-from");
    }

    @Test
    void verify_withoutAnchors_saysTheEndWasNotCheckedAgainstThem() {
        generate(store(), "node-1", 3);

        CliRun run = CliRun.of("verify", store().toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("NOT checked against anchors");
        CliRun json = CliRun.of("verify", store().toString(), "--json");
        assertThat(json.out()).containsPattern("\"notChecked\" : \\[ \"anchors\" \\]");
    }

    @Test
    void noSubcommand_listsEverySubcommand() {
        CliRun run = CliRun.of();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("verify, generate, plan, keygen, schema, bundle, export, report, destroy, watch or restore");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
