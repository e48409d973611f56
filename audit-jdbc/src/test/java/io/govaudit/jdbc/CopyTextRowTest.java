package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PostgreSQL's COPY text format, decoded: separators, NULL, every escape form, hostile values. */
class CopyTextRowTest {

    private static CopyTextRow parse(int fields, String raw) {
        CopyTextRow row = new CopyTextRow(fields);
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        row.parse(bytes, bytes.length);
        return row;
    }

    @Test
    void parse_tabsSeparateFields_finalNewlineIgnored() {
        CopyTextRow row = parse(3, "a\tbc\t\n");

        assertThat(row.string(0)).isEqualTo("a");
        assertThat(row.string(1)).isEqualTo("bc");
        assertThat(row.string(2)).isEmpty();
        assertThat(row.isNull(2)).isFalse();
    }

    @Test
    void parse_backslashN_isNullButEscapedBackslashN_isText() {
        CopyTextRow row = parse(4, "\\N\t\\\\N\tN\t\\N\n");

        assertThat(row.isNull(0)).isTrue();
        assertThat(row.string(0)).isNull();
        assertThat(row.string(1)).isEqualTo("\\N");
        assertThat(row.string(2)).isEqualTo("N");
        assertThat(row.isNull(3)).isTrue();
    }

    @Test
    void parse_namedEscapes_decodeToControlCharacters() {
        CopyTextRow row = parse(1, "\\b\\f\\n\\r\\t\\v\\\\");

        assertThat(row.string(0)).isEqualTo("\b\f\n\r\t\u000b\\");
    }

    @Test
    void parse_octalAndHexEscapes_decodeToBytes() {
        CopyTextRow row = parse(1, "\\101\\0\\7x\\1012\\x41\\x4g\\xz\\q\\.");

        // \101 = A, \0 = NUL, \7 = BEL, then x; \101 then the digit 2 (three digits at most);
        // \x41 = A, \x4 then g; \x without a hex digit is x; \q is q, \. is .
        assertThat(row.string(0)).isEqualTo("A\0\u0007xA2A\u0004gxzq.");
    }

    @Test
    void parse_hostileRecordValues_roundTripThroughCopyEscaping() {
        String[] values = {"tab\there", "back\\slash\\", "new\nline\r\n", "\\N", "\u2028\u2029", "中文 ü é",
            "\uFFFD replaced nul", "x".repeat(100_000), "{\"a\":\"\\u0000\\t\\\"\"}", ""};
        StringBuilder raw = new StringBuilder();
        for (String value : values) {
            escape(raw, value);
            raw.append('\t');
        }
        raw.append("\\N\n");

        CopyTextRow row = parse(values.length + 1, raw.toString());

        for (int i = 0; i < values.length; i++) {
            assertThat(row.string(i)).isEqualTo(values[i]);
        }
        assertThat(row.isNull(values.length)).isTrue();
    }

    /** The escaping of PostgreSQL's COPY TO (and of the store's CopyRowWriter). */
    private static void escape(StringBuilder out, String value) {
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    @Test
    void parse_reusedForALongerRow_growsAndForgetsTheLastRow() {
        CopyTextRow row = new CopyTextRow(2);
        byte[] first = "\\N\tshort".getBytes(StandardCharsets.UTF_8);
        row.parse(first, first.length);
        byte[] second = ("a\t" + "y".repeat(5000)).getBytes(StandardCharsets.UTF_8);

        row.parse(second, second.length);

        assertThat(row.string(0)).isEqualTo("a");
        assertThat(row.string(1)).hasSize(5000);
    }

    @Test
    void parse_wrongFieldCountOrEndInsideEscape_throws() {
        assertThatThrownBy(() -> parse(3, "a\tb\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 fields, expected 3");
        assertThatThrownBy(() -> parse(1, "a\tb\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> parse(1, "a\\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside an escape");
    }
}
