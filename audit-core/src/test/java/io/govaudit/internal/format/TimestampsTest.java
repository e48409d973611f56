package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code ts} format: 27 characters, UTC, six fraction digits, string order = time order. */
class TimestampsTest {

    private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void toString_wholeSecond_writesSixZeroFractionDigitsAndZ() {
        assertThat(Timestamps.toString(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000Z")
                .hasSize(Timestamps.LENGTH);
    }

    @Test
    void toString_nanoseconds_truncatesToMicrosecondsNeverRounds() {
        assertThat(Timestamps.toString(Instant.parse("2026-12-31T23:59:59.999999999Z")))
                .isEqualTo("2026-12-31T23:59:59.999999Z");
        assertThat(Timestamps.toString(Instant.parse("1970-01-01T00:00:00.000001500Z")))
                .isEqualTo("1970-01-01T00:00:00.000001Z");
    }

    @Test
    void format_sameInstanceAcrossSeconds_neverReusesAStaleSecond() {
        Timestamps timestamps = new Timestamps();
        byte[] out = new byte[Timestamps.LENGTH + 3];
        Instant[] instants = {Instant.parse("2026-05-01T08:00:00.1Z"), Instant.parse("2026-05-01T08:00:00.2Z"),
            Instant.parse("2026-05-01T08:00:01.3Z"), Instant.parse("2026-05-01T08:00:00.4Z")};
        for (Instant instant : instants) {
            timestamps.format(instant, out, 3);
            assertThat(new String(out, 3, Timestamps.LENGTH, StandardCharsets.US_ASCII))
                    .isEqualTo(Timestamps.toString(instant));
        }
    }

    @Test
    void parseAndToString_randomInstants_roundTripAtMicrosecondsAndOrderAsStrings() {
        Random random = new Random(20261128L);
        Instant previous = null;
        String previousText = null;
        for (int i = 0; i < 2000; i++) {
            Instant instant = Instant.ofEpochSecond(MIN_SECOND + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND)),
                    random.nextInt(1_000_000_000));
            String text = Timestamps.toString(instant);
            assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
            assertThat(Timestamps.parse(text)).isEqualTo(micros);
            if (previous != null) {
                assertThat(Integer.signum(text.compareTo(previousText)))
                        .as("%s vs %s", text, previousText).isEqualTo(Integer.signum(micros.compareTo(previous)));
            }
            previous = micros;
            previousText = text;
        }
    }

    @Test
    void toString_yearOutsideFourDigits_isRejected() {
        assertThatThrownBy(() -> Timestamps.toString(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000000", "2026-01-02T03:04:05.00000Z",
            "2026-01-02T03:04:05.0000000Z", "2026-01-02 03:04:05.000000Z", "2026-01-02T03:04:05,000000Z",
            "2026-13-02T03:04:05.000000Z", "2026-02-30T03:04:05.000000Z", "2026-01-02T24:04:05.000000Z",
            "2026-01-02T03:04:05.00000aZ", "2026-01-02T03:04:05.000000z", "2026-01-02T03:04:05.000000+"})
    void parse_notRecordFormat_isRejected(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
