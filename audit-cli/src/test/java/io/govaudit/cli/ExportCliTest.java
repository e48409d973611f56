package io.govaudit.cli;

import static io.govaudit.cli.ExportStores.START;
import static io.govaudit.cli.ExportStores.ts;
import static io.govaudit.cli.ExportStores.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.internal.store.SegmentNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code export} as JSON Lines on a real store ({@link ExportStores}): the file holds exactly the
 * stored lines an independent filter selects, byte for byte; a whole chain exported verifies as a
 * segment; a store that is not intact and bad options write nothing; the export is recorded.
 */
class ExportCliTest {

    @TempDir
    Path tmp;

    private Path store;
    private Path out;

    @BeforeEach
    void store() {
        store = tmp.resolve("store");
        out = tmp.resolve("export.jsonl");
        ExportStores.write(store);
    }

    private CliRun export(String... more) {
        List<String> args = new ArrayList<>(List.of("export", store.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String joined(List<String> lines) {
        StringBuilder s = new StringBuilder();
        lines.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    @Test
    void exportJsonl_filteredRange_equalsTheStoredLinesOfExactlyThoseRecords() throws IOException {
        Instant from = START.plus(Duration.ofHours(9)).plusSeconds(5);
        Instant to = START.plus(Duration.ofHours(50));

        CliRun run = export("--format", "jsonl", "--from", from.toString(), "--to", to.toString(),
                "--type", "LOGIN", "--type", "LOGIN_FAILURE", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> expected = ExportStores.lines(store, r -> !ts(r).isBefore(from) && ts(r).isBefore(to)
                && Set.of("LOGIN", "LOGIN_FAILURE").contains(type(r)));
        assertThat(expected).hasSizeGreaterThan(40).anyMatch(l -> l.contains("app-a")).anyMatch(l -> l.contains("app-b"));
        byte[] file = Files.readAllBytes(out);
        assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo(joined(expected));
        JsonNode result = Segments.parse(run.out());
        assertThat(result.get("written").asBoolean()).isTrue();
        assertThat(result.get("format").asText()).isEqualTo("jsonl");
        assertThat(result.get("records").asLong()).isEqualTo(expected.size());
        assertThat(result.get("bytes").asLong()).isEqualTo(file.length);
        assertThat(result.get("sha256").asText()).isEqualTo(sha256(file));
        assertThat(result.get("verdict").asText()).isEqualTo("INTACT");
        assertThat(result.get("filter").asText()).isEqualTo("from=" + from + " to=" + to + " types=LOGIN,LOGIN_FAILURE");
        assertThat(run.err()).isEmpty();
        assertThat(ExportStores.files(tmp, ".tmp")).isEmpty();
    }

    @Test
    void exportJsonl_wholeChain_isTheChainByteForByteAndVerifiesAsItsOnlySegment() throws IOException {
        CliRun run = export("--format", "jsonl", "--chain", "app-b");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (Path segment : Segments.of(store, "app-b")) {
            chain.write(Files.readAllBytes(segment));
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(chain.toByteArray());
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy.resolve("app-b"));
        Files.copy(out, copy.resolve("app-b").resolve(SegmentNames.logName(1)));
        CliRun verify = CliRun.of("verify", copy.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("chain app-b", "records   " + (ExportStores.EVENTS + 3))
                .endsWith("INTACT" + System.lineSeparator());
    }

    @Test
    void exportJsonl_datesAndActor_wholeDaysInTaipeiTime() throws IOException {
        CliRun run = export("--format", "jsonl", "--from", "2026-03-02", "--to", "2026-03-02", "--actor", "alice",
                "--newest-first", "--json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Instant from = Instant.parse("2026-03-01T16:00:00Z"); // 2026-03-02 00:00 Asia/Taipei
        Instant to = Instant.parse("2026-03-02T16:00:00Z"); // 2026-03-03 00:00 Asia/Taipei
        List<String> expected = new ArrayList<>(ExportStores.lines(store, r -> !ts(r).isBefore(from)
                && ts(r).isBefore(to) && r.path("actor").path("id").asText().equals("alice")));
        java.util.Collections.reverse(expected);
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(Files.readString(out)).isEqualTo(joined(expected));
        assertThat(Segments.parse(run.out()).get("filter").asText())
                .isEqualTo("from=" + from + " to=" + to + " actor=alice order=newest-first");
    }

    @Test
    void export_tamperedStore_exitsOneAndWritesNothing() throws IOException {
        Segments.flipTypeLetter(Segments.of(store, "app-a").get(0), 3);

        CliRun run = export("--format", "jsonl", "--chain", "app-b");

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(run.out()).contains("HASH_MISMATCH seq=3", "NOT INTACT");
        assertThat(run.err()).contains("export: refused", "not intact", "nothing was written");
        assertThat(ExportStores.files(tmp, "export")).isEmpty();
        assertThat(ExportStores.readerChains(store)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--format xml|--format",
        "--format jsonl --from 2026-03-02T00:00:00Z --to 2026-03-01T00:00:00Z|--to",
        "--format jsonl --from 2026-03-02 --to 2026-03-01|--to",
        "--format jsonl --chain ../etc|--chain",
        "--format jsonl --chain no-such-chain|--chain",
        "--format jsonl --from yesterday|--from",
        "--format jsonl --to 2026-03-02T08:00:00|--to",
        "--format jsonl --type login|--type",
        "--format jsonl --outcome MAYBE|--outcome",
        "--format jsonl --ip not-an-ip|--ip",
        "--from 2026-03-02|--format"})
    void export_badArguments_exitTwoNamingTheOptionAndWriteNothing(String arguments, String option)
            throws IOException {
        CliRun run = export(arguments.split(" "));

        assertThat(run.exit()).as(run.err()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("'" + option);
        assertThat(run.out()).isEmpty();
        assertThat(ExportStores.files(tmp, "export")).isEmpty();
        assertThat(ExportStores.readerChains(store)).isEmpty();
    }

    @Test
    void export_recordsAuditLogReadWithFilterFormatCountAndHash_andTheStoreStillVerifies() throws IOException {
        CliRun run = export("--format", "jsonl", "--type", "USER_LOCK");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<String> readers = ExportStores.readerChains(store);
        assertThat(readers).hasSize(1);
        List<JsonNode> reads = Segments.records(store, readers.get(0)).stream()
                .filter(r -> type(r).equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).hasSize(1);
        JsonNode read = reads.get(0);
        assertThat(read.get("actor").get("id").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(read.get("subject").get("kind").asText()).isEqualTo("AUDIT_LOG");
        JsonNode detail = read.get("detail");
        assertThat(detail.get("action").asText()).isEqualTo("export");
        assertThat(detail.get("filter").asText()).isEqualTo("types=USER_LOCK");
        assertThat(detail.get("format").asText()).isEqualTo("jsonl");
        assertThat(detail.get("records").asLong()).isEqualTo(Files.readAllLines(out).size()).isEqualTo(40);
        assertThat(detail.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(out)));
        assertThat(run.out()).contains("records    40", "recorded   AUDIT_LOG_READ (action export) in chain "
                + readers.get(0)).endsWith("INTACT" + System.lineSeparator());
        CliRun verify = CliRun.of("verify", store.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        // a second export reads the reader chain too, and is recorded after the first
        Path second = tmp.resolve("second.jsonl");
        CliRun again = CliRun.of("export", store.toString(), "--format", "jsonl", "--type", "AUDIT_LOG_READ",
                "--out", second.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readAllLines(second)).hasSize(1).first().asString().contains("\"action\":\"export\"");
    }

    @Test
    void export_outExists_notOverwrittenUnlessForce() throws IOException {
        Files.writeString(out, "mine");

        CliRun refused = export("--format", "jsonl");

        assertThat(refused.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(refused.err()).contains("--out", "exists", "--force");
        assertThat(Files.readString(out)).isEqualTo("mine");
        assertThat(ExportStores.readerChains(store)).isEmpty();
        CliRun forced = export("--format", "jsonl", "--force", "--chain", "app-a");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(out)).startsWith("{\"v\":2,\"chain\":\"app-a\",\"seq\":1,");
        assertThat(ExportStores.files(tmp, ".tmp")).isEmpty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
