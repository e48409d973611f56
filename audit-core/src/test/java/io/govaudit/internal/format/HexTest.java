package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HexTest {

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
    void encode_thenMatches_roundTrips() {
        byte[] raw = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x3c};
        byte[] hex = new byte[raw.length * 2];
        Hex.encode(raw, hex, 0);
        assertThat(new String(hex, StandardCharsets.US_ASCII)).isEqualTo("00017f80ff3c");
        assertThat(Hex.isLowerHex(hex, 0, hex.length)).isTrue();
        assertThat(Hex.matches(raw, hex, 0)).isTrue();
    }
}
