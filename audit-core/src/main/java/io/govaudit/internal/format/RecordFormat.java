package io.govaudit.internal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The on-disk record format, version {@value #FORMAT_VERSION}. The full specification, with a
 * worked example, is {@code docs/format.md}; this Javadoc is its grammar.
 *
 * <p>Grammar of one record: one line of UTF-8 JSON ending in {@code \n}, members in this fixed
 * order, absent optional members omitted, no insignificant white space:
 *
 * <pre>
 * line    = "{" v "," chain "," seq "," ts "," body [ "," ep ] "," prev [ "," mac ] "," hash "}" LF
 * v       = "\"v\":2"
 * chain   = "\"chain\":\"" 1*64( ALPHA / DIGIT / "." / "_" / "-" ) "\""
 * seq     = "\"seq\":" 1*DIGIT                         ; 1, 2, 3 … no leading zeros
 * ts      = "\"ts\":\"" yyyy-MM-ddTHH:mm:ss.SSSSSSZ "\""  ; UTC, six fraction digits
 * body    = type "," outcome "," actor [ "," subject ] "," where [ "," detail ] [ "," reason ]
 * ep      = "\"ep\":" 1*DIGIT                          ; keyed mode only, with mac; no leading zeros
 * prev    = "\"prev\":\"" 64HEXLOWER "\""                ; the previous record's hash, 64 zeros for seq 1
 * mac     = "\"mac\":\"" 64HEXLOWER "\""                 ; keyed mode only, with ep
 * hash    = "\"hash\":\"" 64HEXLOWER "\""
 * </pre>
 *
 * <p>Hashes, over the stored bytes (readers never re-encode):
 * <ul>
 * <li>{@code M} is the line from its start up to and including the closing quote of the prev
 *     value. Keyed mode: {@code mac = HMAC-SHA256(k_ep, M)}, {@code k_ep} the key of epoch
 *     {@code ep} ({@link EpochKeyDerivation}).</li>
 * <li>{@code P} is the line without its {@code \n} and without the suffix
 *     {@code ,"hash":"<64 hex>"}} (so in keyed mode {@code P} ends just after the mac value).
 *     Every mode: {@code hash = SHA-256(P)}, checkable by anyone; it covers the mac.</li>
 * </ul>
 *
 * <p>Version 1 (read, never written): no {@code mac}; a plain record's hash is SHA-256(P), a
 * keyed record's hash is HMAC-SHA256(k_ep, P), checkable only with the seed. A chain may hold
 * version 1 records followed by version 2 records; the link rule is the same.
 *
 * <p>Strings are escaped so that a record can never contain a raw line break: every C0 and C1
 * control character, DEL, U+2028 and U+2029 are written as {@code \}{@code uXXXX} (or the short
 * JSON escapes). Lone surrogates are replaced with U+FFFD before writing and counted in the
 * detail member {@value #REPLACED_SURROGATES}.
 */
public final class RecordFormat {

    /** The format version written in {@code v}. */
    public static final int FORMAT_VERSION = 2;

    /** The oldest format version readers still accept (version 1: keyed hash = HMAC). */
    public static final int OLDEST_READABLE_VERSION = 1;

    /** Length of {@code ,"hash":"<64 hex>"}}. */
    public static final int HASH_SUFFIX_LENGTH = 9 + 64 + 2;

    /** Length of {@code ,"prev":"<64 hex>"}. */
    public static final int PREV_SUFFIX_LENGTH = 9 + 64 + 1;

    /** Length of {@code ,"mac":"<64 hex>"} (keyed mode, version 2). */
    public static final int MAC_SUFFIX_LENGTH = 8 + 64 + 1;

    /** Hex of the {@code prev} of seq 1. */
    public static final String GENESIS_PREV = "0".repeat(64);

    /** Detail member counting lone surrogates replaced by U+FFFD. */
    public static final String REPLACED_SURROGATES = "_replaced_surrogates";

    static final byte[] PREV_OPEN = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HASH_OPEN = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EP_OPEN = ",\"ep\":".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAC_OPEN = ",\"mac\":\"".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new LineSafeEscapes()).build();

    private RecordFormat() {
    }

    /**
     * Tells whether readers accept a format version.
     *
     * @param version the {@code v} of a record
     * @return true for versions 1 and 2
     */
    public static boolean readable(int version) {
        return version >= OLDEST_READABLE_VERSION && version <= FORMAT_VERSION;
    }

    /**
     * Returns a new SHA-256 digest (the JDK's, which uses the CPU's SHA instructions).
     *
     * @return a digest for one thread
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /**
     * Returns the Jackson factory configured with the line-safe escapes.
     *
     * @return a shared, thread-safe factory
     */
    public static JsonFactory jsonFactory() {
        return FACTORY;
    }

    /**
     * Escapes that keep one record on one line: Jackson already escapes C0 controls; this adds
     * DEL, the C1 controls (which include NEL, U+0085) and the Unicode line and paragraph
     * separators, which some log viewers and JavaScript treat as line breaks.
     */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        LineSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch <= 0x9F) || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
