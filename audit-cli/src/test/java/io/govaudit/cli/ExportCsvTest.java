package io.govaudit.cli;

import static io.govaudit.cli.ExportStores.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format csv} on a real store holding hostile values ({@link ExportStores}), read
 * back with a strict RFC 4180 parser written here: byte order mark, header, CRLF, one row per
 * record, quoting, and no field a spreadsheet would run as a formula.
 */
class ExportCsvTest {

    private static final List<String> HEADER = List.of("seq", "ts", "chain", "type", "outcome", "actor", "subject",
            "where", "detail", "reason");
    private static final String FORMULA_STARTS = "=+-@\t\r";

    @TempDir
    static Path tmp;

    static Path store;
    static Path csv;
    static CliRun run;

    @BeforeAll
    static void export() {
        store = tmp.resolve("store");
        csv = tmp.resolve("records.csv");
        ExportStores.write(store);
        run = CliRun.of("export", store.toString(), "--format", "csv", "--type", "LOGIN", "--type", "LOGIN_FAILURE",
                "--type", "USER_LOCK", "--out", csv.toString());
    }

    @Test
    void csv_bomHeaderAndOneRowPerRecord_inTheExportOrder() throws IOException {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("\uFEFF" + String.join(",", HEADER) + "\r\n")
                .endsWith("\r\n");
        List<List<String>> rows = parse(csv);
        assertThat(rows.get(0)).isEqualTo(HEADER);
        List<String> expected = ExportStores.lines(store, r -> List.of("LOGIN", "LOGIN_FAILURE", "USER_LOCK")
                .contains(type(r)));
        assertThat(rows).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            List<String> row = rows.get(i + 1);
            JsonNode record = Segments.parse(expected.get(i));
            assertThat(row).hasSize(HEADER.size());
            assertThat(row.subList(0, 5)).containsExactly(record.get("seq").asText(), record.get("ts").asText(),
                    record.get("chain").asText(), record.get("type").asText(), record.get("outcome").asText());
            for (String member : List.of("actor", "subject", "where", "detail")) {
                String cell = row.get(HEADER.indexOf(member));
                if (record.has(member)) { // compact JSON exactly as stored
                    assertThat(expected.get(i)).contains("\"" + member + "\":" + cell + ",");
                    assertThat(Segments.parse(cell)).isEqualTo(record.get(member));
                } else {
                    assertThat(cell).isEmpty();
                }
            }
            String reason = record.path("reason").asText("");
            assertThat(row.get(9)).isEqualTo(guarded(reason));
        }
    }

    @Test
    void csv_hostileValues_noFieldStartsAsAFormulaAndQuotesAreDoubled() throws IOException {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<List<String>> rows = parse(csv);
        for (List<String> row : rows) {
            for (String field : row) {
                assertThat(field).as(row.toString()).matches(f -> f.isEmpty()
                        || FORMULA_STARTS.indexOf(f.charAt(0)) < 0);
            }
        }
        List<String> reasons = rows.stream().map(r -> r.get(9)).toList();
        assertThat(reasons).contains("'" + ExportStores.EVIL_REASON, "'@SUM(A1:A9)", "'-1+1", "BadCredentialsException");
        // the hostile actor id is kept, as text inside its JSON, quoted and with its quotes doubled
        assertThat(text).contains("\"{\"\"id\"\":\"\"=HYPERLINK(\\\"\"http://evil.example/x\\\"\",");
        assertThat(rows.stream().skip(1).map(r -> r.get(5))).anyMatch(a -> Segments.parse(a).get("id").asText()
                .equals(ExportStores.EVIL_ACTOR));
        // CR, LF, comma and quote inside a detail survive the round trip (JSON escapes CR and LF)
        assertThat(rows.stream().skip(1).map(r -> r.get(8)).filter(d -> !d.isEmpty()).map(Segments::parse)
                .map(d -> d.path("note").asText())).contains(ExportStores.NASTY_DETAIL, "\tTAB");
    }

    @Test
    void cell_quotesAndGuardsAsRfc4180AndOwaspSay() {
        assertThat(CsvWriter.cell("plain")).isEqualTo("plain");
        assertThat(CsvWriter.cell("")).isEmpty();
        assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvWriter.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(CsvWriter.cell("+1")).isEqualTo("'+1");
        assertThat(CsvWriter.cell("-1")).isEqualTo("'-1");
        assertThat(CsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.cell("\tx")).isEqualTo("'\tx");
        assertThat(CsvWriter.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(CsvWriter.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(CsvWriter.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void csv_recordedWithFormatCsv() throws IOException {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        String reader = ExportStores.readerChains(store).get(0);
        JsonNode detail = Segments.records(store, reader).stream().filter(r -> type(r).equals("AUDIT_LOG_READ"))
                .findFirst().orElseThrow().get("detail");
        assertThat(detail.get("format").asText()).isEqualTo("csv");
        assertThat(detail.get("records").asLong()).isEqualTo(parse(csv).size() - 1);
        assertThat(detail.get("sha256").asText()).isEqualTo(ExportCliTest.sha256(Files.readAllBytes(csv)));
    }

    private static String guarded(String value) {
        return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /**
     * A strict RFC 4180 reader: after the byte order mark, records end in CRLF (a bare CR or LF
     * outside quotes fails), a quoted field may hold anything with quotes doubled.
     */
    static List<List<String>> parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.length() == 0) {
                int end = i + 1;
                while (true) {
                    int q = text.indexOf('"', end);
                    assertThat(q).as("unterminated quote at " + i).isPositive();
                    if (q + 1 < text.length() && text.charAt(q + 1) == '"') {
                        field.append(text, end, q + 1);
                        end = q + 2;
                    } else {
                        field.append(text, end, q);
                        i = q + 1;
                        break;
                    }
                }
                assertThat(text.charAt(i)).as("after a closing quote").isIn(',', '\r');
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertThat(text.charAt(i + 1)).as("CR must start CRLF at " + i).isEqualTo('\n');
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare LF or quote inside an unquoted field at " + i).isNotIn('\n', '"');
                field.append(c);
            }
            i++;
        }
        assertThat(row).isEmpty();
        return rows;
    }
}
