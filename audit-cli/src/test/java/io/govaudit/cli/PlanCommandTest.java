package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCommandTest {

    @TempDir
    Path store;

    @Test
    void plan_recordBytes_printsInputsMethodResultsAndSettings() {
        CliRun plan = CliRun.of("plan", "--events-per-day", "50000", "--record-bytes", "420", "--retention", "P6M");

        assertThat(plan.exit()).isZero();
        assertThat(plan.err()).isEmpty();
        assertThat(plan.out()).contains("events per day     50,000", "420 bytes per stored record (given)",
                "P6M, counted as its longest span: 184 days (the default minimum, six calendar months)",
                "headroom           30 %", "bytes per day      21,000,000 bytes",
                "retention period   3,864,000,000 bytes (3.60 GiB) for 184 days",
                "maxBytes           5,050,990,592 bytes", "segment size       33,554,432 bytes",
                "disk per chain     5,052,039,168 bytes", "reserve of 1 MiB per chain",
                "CapacityPolicy.maxBytes(5050990592L)", "--max-bytes 5050990592", "--segment-bytes 33554432");
    }

    @Test
    void planJson_recordBytes_holdsTheFigures() {
        CliRun plan = CliRun.of("plan", "--events-per-day", "50000", "--record-bytes", "420", "--headroom", "0",
                "--json");

        assertThat(plan.exit()).isZero();
        JsonNode json = Segments.parse(plan.out());
        assertThat(json.get("retentionDays").asLong()).isEqualTo(184);
        assertThat(json.get("neededBytes").asLong()).isEqualTo(3_885_000_000L);
        // 3,885,000,000 bytes = 3705.03 MiB -> 3706 MiB
        assertThat(json.get("maxBytes").asLong()).isEqualTo(3706L * 1024 * 1024);
        assertThat(json.get("reserveBytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(json.get("recordBytesSource").asText()).isEqualTo("given");
    }

    @Test
    void plan_shortRetention_saysItIsShorterThanTheDefaultMinimum() {
        CliRun plan = CliRun.of("plan", "--events-per-day", "10", "--record-bytes", "500", "--retention", "P3M");

        assertThat(plan.out()).contains("92 days (SHORTER than the default minimum of six calendar months)",
                ".retention(RetentionPolicy.minimum(Period.parse(\"P3M\")).belowSixMonths(\"<who approved it, why>\"))",
                "--retention-min P3M --short-retention-reason '<who approved it, why>'");
    }

    @Test
    void planSample_generatedStore_measuresRecordSizeFromTheSegments() throws IOException {
        assertThat(CliRun.of("generate", store.toString(), "--chain", "a", "--count", "600", "--threads", "8",
                "--segment-bytes", "65536").exit()).isZero();
        long bytes = 0;
        long lines = 0;
        for (Path segment : Segments.of(store, "a")) {
            bytes += Files.size(segment);
            lines += Files.readAllLines(segment).size();
        }

        CliRun plan = CliRun.of("plan", "--events-per-day", "1000", "--sample", store.toString(), "--json");

        assertThat(plan.exit()).as(plan.err()).isZero();
        JsonNode json = Segments.parse(plan.out());
        assertThat(json.get("recordBytesSource").asText()).isEqualTo("sample");
        assertThat(json.get("sample").get("records").asLong()).isEqualTo(lines).isEqualTo(603);
        assertThat(json.get("sample").get("bytes").asLong()).isEqualTo(bytes);
        assertThat(json.get("recordBytes").asDouble()).isEqualTo((double) bytes / lines);
        assertThat(json.get("bytesPerDay").asLong()).isEqualTo((long) Math.ceil(1000.0 * bytes / lines));
        assertThat(json.get("sample").get("gzipRatio").asDouble()).isBetween(0.02, 0.5);
        assertThat(json.get("gzip").asBoolean()).isFalse();
    }

    @Test
    void planSampleGzip_gzippedSegment_readsItAndCompressesTheEstimate() throws IOException {
        CliRun.of("generate", store.toString(), "--chain", "a", "--count", "300", "--threads", "4",
                "--segment-bytes", "65536");
        long records = 0;
        for (Path segment : Segments.of(store, "a")) {
            records += Files.readAllLines(segment).size();
        }
        Path first = Segments.of(store, "a").get(0);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(Path.of(first + ".gz")))) {
            Files.copy(first, gz);
        }
        Files.delete(first);

        CliRun plan = CliRun.of("plan", "--events-per-day", "1000", "--sample", store.resolve("a").toString(),
                "--gzip");

        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains(String.format("(%d records,", records), "of 1 chain)",
                "gzip for closed segments, ratio 0.", "compressed, before headroom",
                ".compressClosedSegments(true)", " --gzip");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--events-per-day 0 --record-bytes 400|--events-per-day must be at least 1, was 0",
        "--events-per-day 10|give exactly one of --record-bytes B or --sample DIR, got neither",
        "--events-per-day 10 --record-bytes 400 --sample .|give exactly one of --record-bytes B or --sample DIR, got both",
        "--events-per-day 10 --record-bytes 400 --gzip|--gzip needs --sample DIR",
        "--events-per-day 10 --record-bytes 400 --headroom -5|--headroom must be from 0 to 1000 percent, was -5",
        "--events-per-day 10 --record-bytes 400 --retention 6M|'6M' is not an ISO-8601 period",
        "--events-per-day 10 --record-bytes 0|--record-bytes must be at least 1, was 0"})
    void plan_badOptions_exitsTwoNamingOptionAndValue(String testCase) {
        String[] parts = testCase.split("\\|");
        List<String> args = new java.util.ArrayList<>(List.of("plan"));
        args.addAll(List.of(parts[0].split(" ")));

        CliRun plan = CliRun.of(args.toArray(String[]::new));

        assertThat(plan.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(plan.err()).contains(parts[1]);
        assertThat(plan.out()).isEmpty();
    }

    @Test
    void planSample_emptyDirectory_exitsTwoWithOneLine() {
        CliRun plan = CliRun.of("plan", "--events-per-day", "10", "--sample", store.toString());

        assertThat(plan.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(plan.err()).startsWith("audit-cli plan: no records found in ").hasLineCount(1);
    }
}
