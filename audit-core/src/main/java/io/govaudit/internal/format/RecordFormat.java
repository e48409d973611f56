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
 * The on-disk record format, version {@value #FORMAT_VERSION} (DESIGN.md section 2).
 *
 * <p>Grammar of one record: one line of UTF-8 JSON ending in {@code \n}, members in this fixed
 * order, absent optional members omitted, no insignificant white space:
 *
 * <pre>
 * line    = "{" v "," chain "," seq "," ts "," body "," prev "," hash "}" LF
 * v       = "\"v\":1"
 * chain   = "\"chain\":\"" 1*64( ALPHA / DIGIT / "." / "_" / "-" ) "\""
 * seq     = "\"seq\":" 1*DIGIT                         ; 1, 2, 3 … no leading zeros
 * ts      = "\"ts\":\"" yyyy-MM-ddTHH:mm:ss.SSSSSSZ "\""  ; UTC, six fraction digits
 * body    = type "," outcome "," actor [ "," subject ] "," where [ "," detail ] [ "," reason ] [ "," ep ]
 * prev    = "\"prev\":\"" 64HEXLOWER "\""
 * hash    = "\"hash\":\"" 64HEXLOWER "\""
 * </pre>
 *
 * <p>The hash covers {@code P}, the line without its {@code \n} and without the suffix
 * {@code ,"hash":"<64 hex>"}} — so {@code P} ends just after the prev value. Plain mode:
 * {@code hash = SHA-256(P)}. Because the hash is over the stored bytes, readers never re-encode.
 *
 * <p>Strings are escaped so that a record can never contain a raw line break: every C0 and C1
 * control character, DEL, U+2028 and U+2029 are written as {@code \}{@code uXXXX} (or the short
 * JSON escapes). Lone surrogates are replaced with U+FFFD before writing and counted in the
 * detail member {@value #REPLACED_SURROGATES}.
 */
public final class RecordFormat {

    /** The format version written in {@code v}. Readers reject other versions. */
    public static final int FORMAT_VERSION = 1;

    /** Length of {@code ,"hash":"<64 hex>"}}. */
    public static final int HASH_SUFFIX_LENGTH = 9 + 64 + 2;

    /** Length of {@code ,"prev":"<64 hex>"}. */
    public static final int PREV_SUFFIX_LENGTH = 9 + 64 + 1;

    /** Hex of the {@code prev} of seq 1. */
    public static final String GENESIS_PREV = "0".repeat(64);

    /** Detail member counting lone surrogates replaced by U+FFFD. */
    public static final String REPLACED_SURROGATES = "_replaced_surrogates";

    static final byte[] PREV_OPEN = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HASH_OPEN = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EP_OPEN = ",\"ep\":".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new LineSafeEscapes()).build();

    private RecordFormat() {
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
