package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lowercase hex of hashes, compared against the JDK's {@link HexFormat}. */
class HexTest {

    @Test
    void toHex_knownBytes_isLowercaseTwoDigitsPerByte() {
        assertThat(Hex.toHex(new byte[] {0x00, 0x0f, (byte) 0xab, (byte) 0xff, 0x10})).isEqualTo("000fabff10");
        assertThat(Hex.toHex(new byte[0])).isEmpty();
    }

    @Test
    void toHex_randomBytes_equalsJdkHexFormat() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(65)];
            random.nextBytes(bytes);
            assertThat(Hex.toHex(bytes)).isEqualTo(HexFormat.of().formatHex(bytes));
        }
    }

    @Test
    void encode_atOffset_writesOnlyItsRange() {
        byte[] out = "xxxxxxxx".getBytes(StandardCharsets.US_ASCII);
        Hex.encode(new byte[] {(byte) 0xde, (byte) 0xad}, out, 2);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("xxdeadxx");
    }

    @Test
    void matches_sameBytes_isTrueOnlyForLowercase() {
        byte[] raw = {(byte) 0xca, (byte) 0xfe, 0x01};
        assertThat(Hex.matches(raw, "..cafe01".getBytes(StandardCharsets.US_ASCII), 2)).isTrue();
        assertThat(Hex.matches(raw, "..CAFE01".getBytes(StandardCharsets.US_ASCII), 2)).isFalse();
        assertThat(Hex.matches(raw, "..cafe02".getBytes(StandardCharsets.US_ASCII), 2)).isFalse();
        assertThat(Hex.matches(raw, "..dafe01".getBytes(StandardCharsets.US_ASCII), 2)).isFalse();
    }

    @Test
    void isLowerHex_everyByteValue_acceptsOnlyDigitsAndLowercaseAToF() {
        for (int b = 0; b < 256; b++) {
            byte[] buf = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            buf[7] = (byte) b;
            boolean expected = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
            assertThat(Hex.isLowerHex(buf, 0, buf.length)).as("byte %d", b).isEqualTo(expected);
        }
    }

    @Test
    void isLowerHex_range_looksOnlyAtTheGivenBytes() {
        byte[] buf = "XX00ffXX".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hex.isLowerHex(buf, 2, 4)).isTrue();
        assertThat(Hex.isLowerHex(buf, 1, 4)).isFalse();
        assertThat(Hex.isLowerHex(buf, 2, 5)).isFalse();
        assertThat(Hex.isLowerHex(buf, 0, 0)).isTrue();
    }

    @Test
    void decode_toHex_roundTripsAndRejectsUppercaseAndOddLength() {
        byte[] raw = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x3c};
        assertThat(Hex.decode(Hex.toHex(raw))).isEqualTo(raw);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Hex.decode("ABCD"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Hex.decode("abc"));
    }

    @Test
    void isLowerHex_everyByteValueAtEveryPositionOfAHash_rejectsAllButHexDigits() {
        byte[] hash = HexFormat.of().formatHex(new byte[32]).getBytes(StandardCharsets.US_ASCII);
        for (int position = 0; position < 64; position++) {
            for (int b = 0; b < 256; b++) {
                byte[] buf = ("x" + new String(hash, StandardCharsets.US_ASCII) + "y").getBytes(StandardCharsets.ISO_8859_1);
                buf[1 + position] = (byte) b;
                boolean expected = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
                assertThat(Hex.isLowerHex(buf, 1, 64)).as("byte %d at %d", b, position).isEqualTo(expected);
            }
        }
    }

    @Test
    void matches_randomHashes_isTrueForTheirHexAndFalseForAnyOtherCharacter() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            byte[] hex = (".." + HexFormat.of().formatHex(raw)).getBytes(StandardCharsets.US_ASCII);
            assertThat(Hex.matches(raw, hex, 2)).isTrue();
            int position = 2 + random.nextInt(64);
            byte original = hex[position];
            for (int b = 0; b < 256; b++) {
                hex[position] = (byte) b;
                assertThat(Hex.matches(raw, hex, 2)).isEqualTo(b == original);
            }
            hex[position] = original;
        }
    }
}
