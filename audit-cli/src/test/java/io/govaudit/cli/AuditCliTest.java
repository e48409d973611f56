package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCliTest {

    /** CHAIN_START, TRAIL_START and TRAIL_STOP written by the trail around the generated events. */
    private static final int LIBRARY_RECORDS_FIRST_RUN = 3;

    @TempDir
    Path store;

    private String dir() {
        return store.toString();
    }

    private CliRun generate(int count, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", dir(), "--chain", "demo",
                "--count", String.valueOf(count)));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void verify_generatedStore_exitsZeroAndShowsChainRecordsAndBothTimeZones() {
        assertThat(generate(130, "--threads", "4").exit()).isZero();

        CliRun verify = CliRun.of("verify", dir());

        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("chain demo", "records   133", "segments  1", "seq       1 .. 133")
                .containsPattern("first     \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z "
                        + "\\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d Asia/Taipei\\)")
                .endsWith("INTACT" + System.lineSeparator());
        assertThat(verify.err()).isEmpty();
    }

    @Test
    void verify_recordRead_auditsTheReadAsTheOsUser_inChainAuditCliOfTheStore() throws Exception {
        generate(10);

        CliRun verify = CliRun.of("verify", dir(), "--record-read");

        assertThat(verify.exit()).as(verify.err()).isZero();
        String readsChain;
        try (var chains = java.nio.file.Files.list(store)) {
            readsChain = chains.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("audit-cli-"))
                    .findFirst().orElseThrow();
        }
        JsonNode record = Segments.records(store, readsChain).stream()
                .filter(r -> r.get("type").asText().equals("AUDIT_LOG_READ")).findFirst().orElseThrow();
        assertThat(record.get("actor").get("id").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(record.get("subject").get("id").asText()).isEqualTo(store.toAbsolutePath().normalize().toString());
        assertThat(record.get("detail").get("action").asText()).isEqualTo("verify");
        assertThat(record.get("detail").get("records").asLong()).isEqualTo(10 + LIBRARY_RECORDS_FIRST_RUN);
        assertThat(CliRun.of("verify", dir()).exit()).isZero();
    }

    @Test
    void verifyJson_generatedStore_parsesWithIntactTrueAndRecordCount() {
        generate(50, "--durability", "async");

        CliRun verify = CliRun.of("verify", dir(), "--json");

        assertThat(verify.exit()).isZero();
        JsonNode report = Segments.parse(verify.out());
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("store").asText()).isEqualTo(store.toAbsolutePath().normalize().toString());
        JsonNode chain = report.get("chains").get(0);
        assertThat(chain.get("chain").asText()).isEqualTo("demo");
        assertThat(chain.get("records").asLong()).isEqualTo(50 + LIBRARY_RECORDS_FIRST_RUN);
        assertThat(chain.get("lastSeq").asLong()).isEqualTo(53);
        assertThat(chain.get("firstTime").asText()).matches("\\d{4}-.*T.*\\.\\d{6}Z");
        assertThat(chain.get("problems")).isEmpty();
        assertThat(chain.get("problemsNotListed").asLong()).isZero();
    }

    @Test
    void generate_twiceIntoSameChain_secondRunContinuesAfterFirstLastSeqAndStaysIntact() throws IOException {
        CliRun first = generate(40, "--threads", "3");
        assertThat(first.out()).contains("events recorded: 40", "chain:           demo", "last seq:        43");

        CliRun second = generate(25, "--threads", "2", "--durability", "async");

        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("events recorded: 25", "last seq:        70"); // TRAIL_START + 25 + TRAIL_STOP
        List<JsonNode> records = Segments.records(store, "demo");
        assertThat(records).extracting(r -> r.get("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 70).boxed().toList());
        assertThat(records.get(43).get("type").asText()).isEqualTo("TRAIL_START");
        assertThat(records.get(44).get("type").asText()).isIn(requiredCodes());
        assertThat(CliRun.of("verify", dir()).exit()).isZero();
    }

    @Test
    void verify_flippedByteInSegment_exitsOneWithHashMismatchAtThatSeq() throws IOException {
        generate(30);
        Segments.flipTypeLetter(Segments.of(store, "demo").get(0), 17);

        CliRun human = CliRun.of("verify", dir());
        CliRun json = CliRun.of("verify", dir(), "--json");

        assertThat(human.exit()).isEqualTo(1);
        assertThat(human.out()).contains("HASH_MISMATCH seq=17 00000000000000000001.log:17 ")
                .contains("NOT INTACT: 1 problem");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode report = Segments.parse(json.out());
        assertThat(report.get("intact").asBoolean()).isFalse();
        JsonNode problem = report.get("chains").get(0).get("problems").get(0);
        assertThat(problem.get("kind").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(problem.get("integrity").asBoolean()).isTrue();
        assertThat(problem.get("seq").asLong()).isEqualTo(17);
        assertThat(problem.get("file").asText()).isEqualTo("00000000000000000001.log");
        assertThat(problem.get("line").asLong()).isEqualTo(17);
    }

    @Test
    void verify_tornTailOnly_exitsZeroAndPrintsWarning() throws IOException {
        generate(20);
        Files.write(Segments.of(store, "demo").get(0), "{\"v\":1,\"chain\":\"de".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        CliRun verify = CliRun.of("verify", dir());

        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("TORN_TAIL 00000000000000000001.log:24 ", "INTACT (1 warning)");
    }

    @Test
    void generate_afterTornTail_recoversAndContinuesIntact() throws IOException {
        generate(20);
        Files.write(Segments.of(store, "demo").get(0), "{\"v\":1,\"cha".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        CliRun second = generate(10);

        assertThat(second.exit()).isZero();
        CliRun verify = CliRun.of("verify", dir());
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).doesNotContain("TORN_TAIL").endsWith("INTACT" + System.lineSeparator());
        assertThat(Segments.records(store, "demo")).extracting(r -> r.get("type").asText()).contains("RECOVERY");
    }

    @Test
    void verify_missingDirectory_exitsTwoWithOneLineError() {
        CliRun verify = CliRun.of("verify", store.resolve("nope").toString());

        assertThat(verify.exit()).isEqualTo(2);
        assertThat(verify.out()).isEmpty();
        assertThat(verify.err()).startsWith("audit-cli verify: store directory ").contains("nope", "does not exist")
                .doesNotContain("Exception", "\tat ");
        assertThat(verify.err().lines()).hasSize(1);
    }

    @Test
    void verify_fileInsteadOfDirectory_exitsTwo() throws IOException {
        Path file = Files.writeString(store.resolve("segment.log"), "x");

        CliRun verify = CliRun.of("verify", file.toString());

        assertThat(verify.exit()).isEqualTo(2);
        assertThat(verify.err()).contains("is not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--count 0", "--count -5", "--count many", "--threads 0", "--threads 257",
        "--durability maybe", "--segment-bytes 8192", "--bogus", "--count 5 --chain bad/id", "--count 5 --system  "})
    void generate_badOptions_exitsTwoWithMessage(String options) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", dir(), "--chain", "demo"));
        args.addAll(List.of(options.split(" ")));
        if (!options.startsWith("--count")) {
            args.addAll(List.of("--count", "5"));
        }

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isNotBlank().doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void generate_threadsOutOfRange_namesOptionAndValue() {
        CliRun run = generate(5, "--threads", "300");

        assertThat(run.err()).contains("--threads must be from 1 to 256, was 300");
    }

    @Test
    void generate_missingChain_exitsTwo() {
        CliRun run = CliRun.of("generate", dir(), "--count", "5");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--chain");
    }

    @Test
    void generate_chainHeldOpenByAnotherTrail_exitsTwoWithLockMessage() {
        try (AuditTrail holder = AuditTrail.builder().directory(store).chainId("demo").system("other-app").build()) {
            CliRun run = generate(5);

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("chain 'demo' is already open in this JVM", ".lock")
                    .doesNotContain("\tat ");
            assertThat(holder.state()).isEqualTo(AuditTrail.State.RUNNING);
        }
    }

    @Test
    void generate_oneCycle_storeHoldsEveryRequiredEventTypeAndMasksSecrets() throws IOException {
        generate(3 * SyntheticEvents.TYPES, "--threads", "5");

        List<JsonNode> records = Segments.records(store, "demo");

        Set<String> types = records.stream().map(r -> r.get("type").asText()).collect(Collectors.toSet());
        assertThat(types).containsAll(requiredCodes());
        JsonNode secret = records.stream().filter(r -> r.path("detail").path("key").asText().equals("smtp.password"))
                .findFirst().orElseThrow();
        assertThat(secret.get("detail").get("old").asText()).isEqualTo("<masked>");
        assertThat(secret.get("detail").get("new").asText()).isEqualTo("<masked>");
    }

    @Test
    void generate_smallSegments_rollsAndStaysIntact() {
        CliRun run = generate(200, "--segment-bytes", "16384", "--threads", "2");

        assertThat(run.exit()).isZero();
        JsonNode chain = Segments.parse(CliRun.of("verify", dir(), "--json").out()).get("chains").get(0);
        assertThat(chain.get("segments").asInt()).isGreaterThan(1);
        assertThat(chain.get("records").asLong()).isEqualTo(203);
    }

    @Test
    void version_and_help_exitZero() {
        CliRun version = CliRun.of("--version");
        CliRun help = CliRun.of("--help");
        CliRun verifyHelp = CliRun.of("verify", "--help");

        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("audit-cli ");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("verify", "generate", "Exit status");
        assertThat(verifyHelp.out()).contains("--json", "problemsNotListed");
    }

    @Test
    void noSubcommand_exitsTwo() {
        CliRun run = CliRun.of();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing subcommand");
    }

    private static Set<String> requiredCodes() {
        return EventType.required().stream().map(EventType::code).collect(Collectors.toSet());
    }
}
