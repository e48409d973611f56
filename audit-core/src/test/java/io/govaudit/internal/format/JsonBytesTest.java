package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBytes} writes the bytes the Jackson generator of {@link RecordFormat#jsonFactory()}
 * wrote before it (the record format must not change): every {@code char} alone and inside
 * text, random strings mixing every class of character, and numbers.
 */
class JsonBytesTest {

    /** One writer reused from call to call, as an encoding thread reuses its own. */
    private final JsonBytes json = new JsonBytes();

    @Test
    void string_everyCharAloneAndInText_equalsJackson() throws IOException {
        for (int c = 0; c <= 0xFFFF; c++) {
            String alone = String.valueOf((char) c);
            assertThat(ours(alone)).as("U+%04X", c).isEqualTo(jackson(alone));
            String inText = "ab" + (char) c + "cd";
            assertThat(ours(inText)).as("U+%04X in text", c).isEqualTo(jackson(inText));
        }
    }

    @Test
    void string_randomMixes_equalJackson() throws IOException {
        Random random = new Random(17);
        char[] classes = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u0085',
            '\u009f', '\u00a0', '\u00e9', '\u07ff', '\u0800', '\u4e2d', '\u2028', '\u2029', '\ud83d', '\ude00',
            '\ufeff', '\uffff'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(random.nextBoolean() ? classes[random.nextInt(classes.length)]
                        : (char) random.nextInt(0x10000));
            }
            if (random.nextInt(10) == 0) {
                text.append("😀").append("x".repeat(random.nextInt(3000)));
            }
            String value = text.toString();
            assertThat(ours(value)).as("%s", value).isEqualTo(jackson(value));
        }
    }

    @Test
    void numbers_equalJackson() throws IOException {
        long[] longs = {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_007L};
        for (long value : longs) {
            JsonBytes bytes = json.reset().number(value);
            assertThat(bytes.toByteArray()).isEqualTo(jacksonRaw(g -> g.writeNumber(value)));
        }
        double[] doubles = {0.0, -0.0, 0.5, 1.0, 2.5E20, 1.0E-7, 0.1f, 0.002, 123456789.125, Double.MIN_VALUE,
            Double.MAX_VALUE};
        for (double value : doubles) {
            JsonBytes bytes = json.reset().number(value);
            assertThat(bytes.toByteArray()).as("%s", value).isEqualTo(jacksonRaw(g -> g.writeNumber(value)));
        }
        for (String text : new String[] {"12.50", "1E+3", "-0.000001", "123456789012345678901234567890.5"}) {
            BigDecimal value = new BigDecimal(text);
            assertThat(json.reset().number(value).toByteArray()).isEqualTo(jacksonRaw(g -> g.writeNumber(value)));
        }
        BigInteger big = new BigInteger("-123456789012345678901234567890");
        assertThat(json.reset().number(big).toByteArray()).isEqualTo(jacksonRaw(g -> g.writeNumber(big)));
    }

    @Test
    void reset_afterAHugeString_startsEmptyAndSmall() {
        json.reset().string("x".repeat(100_000));
        JsonBytes next = json.reset();
        assertThat(next.size()).isZero();
        assertThat(next.string("a").toByteArray()).isEqualTo(new byte[] {'"', 'a', '"'});
    }

    private byte[] ours(String value) {
        return json.reset().string(value).toByteArray();
    }

    private static byte[] jackson(String value) throws IOException {
        return jacksonRaw(g -> g.writeString(value));
    }

    private interface Write {
        void to(JsonGenerator generator) throws IOException;
    }

    private static byte[] jacksonRaw(Write write) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(64);
        try (JsonGenerator json = RecordFormat.jsonFactory().createGenerator(bytes)) {
            write.to(json);
        }
        return bytes.toByteArray();
    }
}
