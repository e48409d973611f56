package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.govaudit.query.StoredRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code export --format csv}: the records for people, to open in a spreadsheet.
 *
 * <p>Layout: UTF-8 with a byte order mark (so that Excel reads it as UTF-8), CRLF line ends, a
 * header row {@value #HEADER}, then one row per record. {@code seq}, {@code ts}, {@code chain},
 * {@code type}, {@code outcome} and {@code reason} are the record's values; {@code actor},
 * {@code subject}, {@code where} and {@code detail} are that member's compact JSON exactly as
 * stored; a member the record does not have is an empty field.
 *
 * <p>Quoting (RFC 4180): a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes, with each double quote doubled.
 *
 * <p>Formula injection (OWASP "CSV Injection"): a field that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, TAB or CR is prefixed with a single quote {@code '}, so that a
 * spreadsheet shows it as text instead of running it as a formula. In this layout only
 * {@code reason} can start with one of them (the JSON members start with <code>{</code>), but
 * every field is guarded. The JSON Lines export is the one to verify or process by program.
 *
 * <p>Not thread-safe.
 */
final class CsvWriter implements ExportWriter {

    /** The header row. */
    static final String HEADER = "seq,ts,chain,type,outcome,actor,subject,where,detail,reason";

    private static final List<String> COLUMNS = List.of(HEADER.split(","));
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final Writer out;

    CsvWriter(OutputStream out) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.out.write('\uFEFF');
        this.out.write(HEADER);
        this.out.write("\r\n");
    }

    @Override
    public void write(StoredRecord record) throws IOException {
        Map<String, String> members = members(record.line());
        StringBuilder row = new StringBuilder(record.line().length() + 32);
        for (String column : COLUMNS) {
            if (row.length() > 0) {
                row.append(',');
            }
            row.append(cell(members.getOrDefault(column, "")));
        }
        out.write(row.append("\r\n").toString());
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    /**
     * Turns a value into one CSV field: guarded against formula injection, then quoted if needed.
     *
     * @param value the value
     * @return the field
     */
    static String cell(String value) {
        String text = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0
                || text.indexOf('\n') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /**
     * Reads the top-level members of a record line: a string or number as its value, an object as
     * its text exactly as it is in the line.
     */
    static Map<String, String> members(String line) throws IOException {
        Map<String, String> members = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a stored record is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    members.put(name, line.substring(start, end));
                } else {
                    members.put(name, p.getText());
                }
            }
        }
        return members;
    }
}
