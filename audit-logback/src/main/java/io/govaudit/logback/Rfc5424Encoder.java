package io.govaudit.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Encodes a logging event as one RFC 5424 syslog message, without framing (the transport adds it):
 *
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID key="value" …] BOM MSG
 * </pre>
 *
 * <ul>
 *   <li>PRI: {@code facility * 8 + severity}; facility {@code LOG_AUDIT} (13) unless set, severity
 *       from the level (ERROR 3, WARN 4, INFO 6, DEBUG and TRACE 7);</li>
 *   <li>TIMESTAMP: the event's {@code ts} key/value when it is an RFC 3339 UTC time (a govaudit
 *       record's own time, microseconds), else the logging time, UTC, microseconds;</li>
 *   <li>HOSTNAME: as set, else the local host name; APP-NAME {@code govaudit} unless set; PROCID the
 *       process id; MSGID the {@code type} key/value (the record's type), else {@code -};</li>
 *   <li>STRUCTURED-DATA: one element, SD-ID {@code govaudit@32473} unless set (32473 is the
 *       enterprise number reserved for documentation, RFC 5612: an agency with its own sets it),
 *       holding every key/value pair of the event, values escaped ({@code " \ ]}); {@code -}
 *       without pairs;</li>
 *   <li>MSG: the formatted message in UTF-8 after a byte order mark (RFC 5424 section 6.4; turn
 *       the mark off with {@code utf8Bom=false} for collectors that show it).</li>
 * </ul>
 *
 * <p>Header fields are cut to their RFC lengths and characters outside {@code !}…{@code ~} become
 * {@code _}. A throwable of the event is not sent (the mirror logs none).
 *
 * <p>Thread-safety: configured before {@link #start}, then stateless.
 *
 * @since 0.1.0
 */
public class Rfc5424Encoder extends EncoderBase<ILoggingEvent> {

    /** The facility {@code log audit} of RFC 5424 table 1. */
    public static final int LOG_AUDIT = 13;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Map<String, Integer> FACILITIES = Map.ofEntries(Map.entry("KERN", 0), Map.entry("USER", 1),
            Map.entry("AUTH", 4), Map.entry("SYSLOG", 5), Map.entry("AUTHPRIV", 10), Map.entry("LOG_AUDIT", 13),
            Map.entry("AUDIT", 13), Map.entry("LOCAL0", 16), Map.entry("LOCAL1", 17), Map.entry("LOCAL2", 18),
            Map.entry("LOCAL3", 19), Map.entry("LOCAL4", 20), Map.entry("LOCAL5", 21), Map.entry("LOCAL6", 22),
            Map.entry("LOCAL7", 23));

    private int facility = LOG_AUDIT;
    private String hostname;
    private String appName = "govaudit";
    private String sdId = "govaudit@32473";
    private boolean utf8Bom = true;
    private String procId = Long.toString(ProcessHandle.current().pid());

    /**
     * Sets the facility: a number from 0 to 23 or a name ({@code LOG_AUDIT}, {@code AUTHPRIV},
     * {@code LOCAL0} … {@code LOCAL7}, {@code AUTH}, {@code USER} …).
     *
     * @param facility the facility
     */
    public void setFacility(String facility) {
        String name = facility.trim().toUpperCase(Locale.ROOT);
        Integer known = FACILITIES.get(name);
        int value;
        try {
            value = known != null ? known : Integer.parseInt(name);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 23) {
            addError("facility must be 0 to 23 or a name such as LOG_AUDIT or LOCAL0, was '" + facility + "'");
            return;
        }
        this.facility = value;
    }

    /**
     * Sets the HOSTNAME field.
     *
     * @param hostname the name of this host as the collector should show it
     */
    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    /**
     * Sets the APP-NAME field, {@code govaudit} by default.
     *
     * @param appName the application name
     */
    public void setAppName(String appName) {
        this.appName = appName;
    }

    /**
     * Sets the SD-ID of the structured-data element, {@code govaudit@32473} by default.
     *
     * @param sdId {@code name@enterpriseNumber}
     */
    public void setSdId(String sdId) {
        this.sdId = sdId;
    }

    /**
     * Whether MSG starts with a UTF-8 byte order mark, as RFC 5424 asks of UTF-8 messages; true by default.
     *
     * @param utf8Bom false for collectors that show the mark
     */
    public void setUtf8Bom(boolean utf8Bom) {
        this.utf8Bom = utf8Bom;
    }

    @Override
    public void start() {
        if (hostname == null || hostname.isBlank()) {
            hostname = localHostName();
        }
        int at = sdId == null ? -1 : sdId.indexOf('@');
        if (at < 1 || !validName(sdId) || !sdId.substring(at + 1).matches("[0-9]+(\\.[0-9]+)*")) {
            addError("sdId must be name@number (RFC 5424 section 6.3.2), was '" + sdId + "'");
            return;
        }
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        StringBuilder head = new StringBuilder(256);
        head.append('<').append(facility * 8 + severity(event.getLevel())).append(">1 ")
                .append(timestamp(event, pairs)).append(' ')
                .append(field(hostname, 255)).append(' ')
                .append(field(appName, 48)).append(' ')
                .append(field(procId, 128)).append(' ')
                .append(field(value(pairs, "type"), 32)).append(' ');
        structuredData(head, pairs);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + 512);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        String message = event.getFormattedMessage();
        if (message != null && !message.isEmpty()) {
            out.write(' ');
            if (utf8Bom) {
                out.writeBytes(BOM);
            }
            out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static int severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    private static String timestamp(ILoggingEvent event, List<KeyValuePair> pairs) {
        String ts = value(pairs, "ts");
        if (ts != null && ts.endsWith("Z") && ts.length() <= 32) {
            try {
                Instant.parse(ts);
                return ts; // the record's own time, already RFC 3339 UTC with microseconds
            } catch (DateTimeParseException e) {
                // not a time: fall back to the logging time
            }
        }
        return TIME.format(event.getInstant());
    }

    private void structuredData(StringBuilder out, List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            out.append('-');
            return;
        }
        out.append('[').append(sdId);
        for (KeyValuePair pair : pairs) {
            if (pair.key == null || pair.value == null || !validName(pair.key)) {
                continue;
            }
            out.append(' ').append(pair.key).append("=\"");
            String text = String.valueOf(pair.value);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\' || c == ']') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        out.append(']');
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 32) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == '=' || c == ']' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static String value(List<KeyValuePair> pairs, String key) {
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (key.equals(pair.key) && pair.value != null) {
                    return String.valueOf(pair.value);
                }
            }
        }
        return null;
    }

    /** A header field: NILVALUE when empty, PRINTUSASCII only, at most {@code max} characters. */
    static String field(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
