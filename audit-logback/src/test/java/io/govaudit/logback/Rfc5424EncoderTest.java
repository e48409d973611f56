package io.govaudit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The RFC 5424 fields of Rfc5424Encoder, one at a time. */
class Rfc5424EncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("govaudit.AUDIT");

    private Rfc5424Encoder encoder(String hostname) {
        Rfc5424Encoder encoder = new Rfc5424Encoder();
        encoder.setContext(context);
        encoder.setHostname(hostname);
        encoder.start();
        return encoder;
    }

    private LoggingEvent event(Level level, String message, Object... keyValues) {
        LoggingEvent event = new LoggingEvent("test", logger, level, message, null, null);
        event.setInstant(Instant.parse("2026-05-01T08:00:00.5Z"));
        for (int i = 0; i < keyValues.length; i += 2) {
            event.addKeyValuePair(new KeyValuePair((String) keyValues[i], keyValues[i + 1]));
        }
        return event;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void withoutPairs_nilStructuredData_loggingTime_warnSeverity() {
        String pid = Long.toString(ProcessHandle.current().pid());
        assertThat(text(encoder("app-01").encode(event(Level.WARN, "gap"))))
                .isEqualTo("<108>1 2026-05-01T08:00:00.500000Z app-01 govaudit " + pid + " - - \uFEFFgap");
    }

    @Test
    void headerFields_arePrintableAsciiAndCut_valuesEscaped() {
        String encoded = text(encoder("主機 a").encode(event(Level.INFO, "x", "type", "A_VERY_LONG_TYPE_NAME_OVER_THIRTY_TWO",
                "actor", "a\"b\\c]d", "bad key", "dropped", "ts", "not a time")));
        assertThat(encoded).contains(" ___a govaudit ", " A_VERY_LONG_TYPE_NAME_OVER_THIRT [")
                .contains("actor=\"a\\\"b\\\\c\\]d\"").doesNotContain("dropped")
                .startsWith("<110>1 2026-05-01T08:00:00.500000Z ");
    }

    @Test
    void facilityByName_bomOff_sdIdChecked() {
        Rfc5424Encoder encoder = new Rfc5424Encoder();
        encoder.setContext(context);
        encoder.setHostname("h");
        encoder.setFacility("local4");
        encoder.setUtf8Bom(false);
        encoder.setSdId("audit@99999");
        encoder.start();
        assertThat(text(encoder.encode(event(Level.ERROR, "m", "seq", 7L)))).startsWith("<163>1 ")
                .endsWith(" [audit@99999 seq=\"7\"] m");

        Rfc5424Encoder bad = new Rfc5424Encoder();
        bad.setContext(context);
        bad.setSdId("no-number");
        bad.start();
        assertThat(bad.isStarted()).isFalse();
    }

    @Test
    void frame_isOctetCounted() {
        assertThat(text(SyslogTcpAppender.frame("é".getBytes(StandardCharsets.UTF_8)))).isEqualTo("2 é");
    }
}
