package io.govaudit.internal.format;

import io.govaudit.AuditEvent;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Recognises secrets so that none reaches a record: by the <em>name</em> they are stored under
 * (a detail key, a configuration key, a {@code name=value} parameter inside text) and by the
 * <em>shape</em> of text (an HTTP {@code Bearer} or {@code Basic} credential, a JWT, a PEM block,
 * the password in a URL). The rule is documented for users on {@link AuditEvent} and in
 * docs/operations.md; this class is its only implementation.
 *
 * <p>Names: a name is split into words at every character that is not an ASCII letter or digit,
 * at lower-to-upper case changes, before the last capital of an acronym followed by a lower-case
 * letter, and at letter-to-digit changes. It is secret when a word, ignoring case, is one of
 * {@link #SECRET_WORDS} (whole words only, so {@code spinner}, {@code compass} and
 * {@code bypass_count} are not secret), ends with one of {@link #SECRET_ENDINGS}
 * ({@code dbpassword}, {@code clientSecret}, {@code jsessionid}), or is {@code id} right after
 * the word {@code session} ({@code session_id}, {@code sessionId}).
 *
 * <p>Shapes, masked in every string the encoder writes ({@link #mask}): the value of a
 * {@code name=value} parameter or a {@code Name: value} header whose name is secret, up to
 * {@code & ;} or white space (or the closing quote of a quoted value; a {@code Bearer} or
 * {@code Basic} value with its credential); the password of {@code scheme://user:password@host} (the
 * user is kept); the credential after {@code Bearer} (8 or more token characters) and after
 * {@code Basic} (base64 that decodes to {@code user:password}); a JWT (three or more base64url
 * parts starting with {@code eyJ}); a PEM block from {@code -----BEGIN} to the end of its
 * {@code -----END …-----} line, or to the end of the text when that is missing. Each is
 * replaced by {@value AuditEvent#MASKED}, never in part.
 *
 * <p>Speed: one pass over the characters; only {@code = : e - B b} start a closer look, so a
 * string without a secret costs one loop and no allocation (benchmarks/README.md: this runs for
 * every string of every event).
 *
 * <p>Thread-safe: stateless.
 */
public final class Secrets {

    /** Words that are secret when they are a whole word of a name. */
    static final Set<String> SECRET_WORDS = Set.of("key", "keys", "pass", "pin", "otp", "totp", "hotp", "auth",
            "bearer");
    /** Endings that make a word secret ({@code password} also makes {@code dbpassword} secret). */
    static final List<String> SECRET_ENDINGS = List.of("password", "passwords", "passwd", "pwd", "passphrase",
            "passphrases", "passcode", "passcodes", "secret", "secrets", "token", "tokens", "credential",
            "credentials", "apikey", "apikeys", "privatekey", "privatekeys", "secretkey", "accesskey",
            "authorization", "cookie", "cookies", "sessionid");
    /**
     * Indexed by lower-case ASCII letter or digit: the {@link #SECRET_WORDS} that end with it, so
     * a word is compared with the few that can match instead of all of them (this check ran for
     * every detail key of every event: ~10 % of the producer threads' samples, issue 17). Empty
     * for characters no word ends with.
     */
    private static final String[][] WORDS_BY_LAST_CHAR = byLastChar(SECRET_WORDS);
    /** The same for {@link #SECRET_ENDINGS}. */
    private static final String[][] ENDINGS_BY_LAST_CHAR = byLastChar(SECRET_ENDINGS);
    /** {@link #ASCII_KINDS}: a digit or {@code @}, where personal data may start (PersonalData#isTrigger). */
    private static final byte TRIGGER = 1;
    /** {@link #ASCII_KINDS}: a character where a secret shape may start ({@code = : e - B b}). */
    private static final byte SHAPE = 2;
    /** Per ASCII character: 0, {@link #TRIGGER} or {@link #SHAPE}; one table load per character in {@link #mask}. */
    private static final byte[] ASCII_KINDS = asciiKinds();
    private static final int MIN_BEARER_CHARS = 8;
    private static final String PEM_BEGIN = "-----BEGIN";
    private static final String PEM_END = "-----END";
    private static final String PEM_DASHES = "-----";

    private Secrets() {
    }

    // ---- names ----

    /**
     * Tells whether a name looks secret, by the rule in the class description.
     *
     * @param name a detail key, configuration key or parameter name
     * @return true if values stored under it must be masked
     */
    public static boolean isSecretName(String name) {
        return isSecretName(name, 0, name.length());
    }

    /** Tells whether {@code text[from, to)} is a secret name. */
    static boolean isSecretName(String text, int from, int to) {
        // A character loop rather than splitting with a regular expression: this runs for every
        // detail member of every event and every parameter name found in text.
        int wordStart = from;
        int previousStart = -1;
        int previousEnd = -1;
        for (int i = from; i <= to; i++) {
            boolean separator = i == to || !isAsciiLetterOrDigit(text.charAt(i));
            if (separator || i > wordStart && wordBreakBefore(text, i, to)) {
                if (i > wordStart) {
                    if (secretWord(text, wordStart, i, previousStart, previousEnd)) {
                        return true;
                    }
                    previousStart = wordStart;
                    previousEnd = i;
                }
                wordStart = separator ? i + 1 : i;
            }
        }
        return false;
    }

    /**
     * The case and digit breaks inside a run of letters and digits, between {@code text[i-1]}
     * and {@code text[i]}: lower or digit to upper ({@code apiKey}), the last capital of an
     * acronym before a capitalised word ({@code APIKey}), letter to digit ({@code oauth2}).
     */
    private static boolean wordBreakBefore(String text, int i, int to) {
        char before = text.charAt(i - 1);
        char c = text.charAt(i);
        if (isUpper(c) && (isLower(before) || isDigit(before))) {
            return true;
        }
        if (isUpper(before) && isUpper(c) && i + 1 < to && isLower(text.charAt(i + 1))) {
            return true;
        }
        return isDigit(c) && !isDigit(before);
    }

    private static boolean secretWord(String text, int from, int to, int previousStart, int previousEnd) {
        char last = lower(text.charAt(to - 1));
        int length = to - from;
        for (String word : WORDS_BY_LAST_CHAR[last]) {
            if (length == word.length() && endsWith(text, to, word)) {
                return true;
            }
        }
        for (String ending : ENDINGS_BY_LAST_CHAR[last]) {
            if (length >= ending.length() && endsWith(text, to, ending)) {
                return true;
            }
        }
        return length == 2 && endsWith(text, to, "id") && previousEnd - previousStart == 7
                && endsWith(text, previousEnd, "session");
    }

    /** Tells whether {@code text[..to)} ends with {@code lowerSuffix}, ignoring the case of ASCII letters. */
    private static boolean endsWith(String text, int to, String lowerSuffix) {
        int n = lowerSuffix.length();
        for (int j = 1; j <= n; j++) {
            if (lower(text.charAt(to - j)) != lowerSuffix.charAt(n - j)) {
                return false;
            }
        }
        return true;
    }

    /** Lower case of an ASCII letter or digit (digits already have bit 5 set); words hold nothing else. */
    private static char lower(char letterOrDigit) {
        return (char) (letterOrDigit | 0x20);
    }

    private static String[][] byLastChar(Collection<String> words) {
        String[][] table = new String[128][];
        for (int c = 0; c < table.length; c++) {
            char last = (char) c;
            table[c] = words.stream().filter(w -> w.charAt(w.length() - 1) == last).toArray(String[]::new);
        }
        return table;
    }

    private static byte[] asciiKinds() {
        byte[] kinds = new byte[128];
        for (char c = 0; c < 128; c++) {
            if (PersonalData.isTrigger(c)) {
                kinds[c] = TRIGGER;
            }
        }
        for (char c : new char[] {'=', ':', 'e', '-', 'B', 'b'}) {
            kinds[c] = SHAPE; // none of them is a trigger
        }
        return kinds;
    }

    /** The second letter of {@code Bearer} or {@code Basic}, either case. */
    private static boolean isSchemeSecondChar(char c) {
        return c == 'e' || c == 'E' || c == 'a' || c == 'A';
    }

    // ---- shapes ----

    /**
     * Masks every secret-shaped part of a text, by the rule in the class description.
     *
     * @param text any text
     * @return the text itself when it holds nothing secret-shaped, else a copy with each secret
     *         replaced by {@value AuditEvent#MASKED}
     */
    public static String mask(String text) {
        return mask(text, null);
    }

    /**
     * As {@link #mask(String)}, also finding, when {@code firstTrigger} is not null, the
     * {@link PersonalData#firstTrigger} of the result and storing it in {@code firstTrigger[0]}:
     * one loop over the characters of free text instead of two (BodyEncoder).
     */
    static String mask(String text, int[] firstTrigger) {
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        int trigger = -1;
        boolean findTrigger = firstTrigger != null;
        for (int i = 0; i < n; i++) {
            long region;
            char c = text.charAt(i);
            int kind = c < 128 ? ASCII_KINDS[c] : PersonalData.isTrigger(c) ? TRIGGER : 0;
            if (kind == 0) {
                continue; // most characters: one load and one test
            }
            if (kind == TRIGGER) {
                if (findTrigger && trigger < 0) {
                    trigger = i;
                }
                continue;
            }
            switch (c) {
                case '=': region = parameterValue(text, i); break;
                case ':': region = text.startsWith("//", i + 1) ? urlPassword(text, i) : headerValue(text, i); break;
                case 'e': region = i + 2 < n && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J' ? jwt(text, i) : -1; break;
                case '-': region = pem(text, i); break;
                case 'B': case 'b':
                    region = i + 1 < n && isSchemeSecondChar(text.charAt(i + 1)) ? authorizationCredential(text, i) : -1;
                    break;
                default: continue; // not reached: ASCII_KINDS marks only the characters above
            }
            if (region < 0) {
                continue;
            }
            int start = (int) (region >>> 32);
            int end = (int) region;
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(text, copied, start).append(AuditEvent.MASKED);
            copied = end;
            i = end - 1;
        }
        if (out == null) {
            if (firstTrigger != null) {
                firstTrigger[0] = trigger;
            }
            return text;
        }
        String masked = out.append(text, copied, n).toString();
        if (firstTrigger != null) {
            firstTrigger[0] = PersonalData.firstTrigger(masked); // rare: a secret was masked
        }
        return masked;
    }

    private static long region(int start, int end) {
        return start < end ? (long) start << 32 | end : -1;
    }

    /** {@code name=value} with a secret name: the value up to {@code & ;} or white space, or inside quotes. */
    private static long parameterValue(String text, int separator) {
        int nameEnd = separator;
        while (nameEnd > 0 && isBlank(text.charAt(nameEnd - 1))) {
            nameEnd--;
        }
        int nameStart = nameEnd;
        while (nameStart > 0 && isNameChar(text.charAt(nameStart - 1))) {
            nameStart--;
        }
        if (nameStart == nameEnd || !isSecretName(text, nameStart, nameEnd)) {
            return -1;
        }
        int start = separator + 1;
        while (start < text.length() && isBlank(text.charAt(start))) {
            start++;
        }
        if (start < text.length() && (text.charAt(start) == '"' || text.charAt(start) == '\'')) {
            int close = text.indexOf(text.charAt(start), start + 1);
            return region(start + 1, close < 0 ? text.length() : close);
        }
        int end = valueEnd(text, start);
        if (isScheme(text, start, end) && end < text.length() && isBlank(text.charAt(end))) {
            int credential = end;
            while (credential < text.length() && isBlank(text.charAt(credential))) {
                credential++;
            }
            end = valueEnd(text, credential); // "Authorization=Bearer abc": the credential too
        }
        return region(start, end);
    }

    /** {@code Name: value} (a header or a note) with a secret name: as {@code name=value}, if a blank follows the colon. */
    private static long headerValue(String text, int colon) {
        return colon + 1 < text.length() && isBlank(text.charAt(colon + 1)) ? parameterValue(text, colon) : -1;
    }

    private static int valueEnd(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '&' && text.charAt(end) != ';'
                && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isScheme(String text, int start, int end) {
        return end - start == 6 && text.regionMatches(true, start, "bearer", 0, 6)
                || end - start == 5 && text.regionMatches(true, start, "basic", 0, 5);
    }

    /** {@code scheme://user:password@host}: the password, found in the authority before {@code / ? #}. */
    private static long urlPassword(String text, int colon) {
        if (!text.startsWith("//", colon + 1)) {
            return -1;
        }
        int authority = colon + 3;
        int authorityEnd = authority;
        int at = -1;
        while (authorityEnd < text.length()) {
            char c = text.charAt(authorityEnd);
            if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)) {
                break;
            }
            if (c == '@') {
                at = authorityEnd; // the last '@': a password may hold an unescaped '@'
            }
            authorityEnd++;
        }
        if (at < 0) {
            return -1;
        }
        int userEnd = text.indexOf(':', authority);
        return userEnd < 0 || userEnd > at ? -1 : region(userEnd + 1, at);
    }

    /** A JWT (JWS or JWE): {@code eyJ} at the start of a base64url run holding at least two dots. */
    private static long jwt(String text, int i) {
        if (!text.startsWith("eyJ", i) || i > 0 && isBase64UrlOrDot(text.charAt(i - 1))) {
            return -1;
        }
        int end = i;
        int dots = 0;
        while (end < text.length() && isBase64UrlOrDot(text.charAt(end))) {
            dots += text.charAt(end) == '.' ? 1 : 0;
            end++;
        }
        return dots >= 2 ? region(i, end) : -1;
    }

    /** A PEM block, whatever its label: from {@code -----BEGIN} to the end of its {@code -----END …-----}. */
    private static long pem(String text, int i) {
        if (!text.startsWith(PEM_BEGIN, i)) {
            return -1;
        }
        int endLine = text.indexOf(PEM_END, i + PEM_BEGIN.length());
        if (endLine < 0) {
            return region(i, text.length());
        }
        int close = text.indexOf(PEM_DASHES, endLine + PEM_END.length());
        return region(i, close < 0 ? text.length() : close + PEM_DASHES.length());
    }

    /** {@code Bearer <token>} and {@code Basic <base64 of user:password>}: the credential, not the scheme. */
    private static long authorizationCredential(String text, int i) {
        if (i > 0 && isAsciiLetterOrDigit(text.charAt(i - 1))) {
            return -1;
        }
        boolean bearer = text.regionMatches(true, i, "bearer", 0, 6);
        int schemeEnd = i + (bearer ? 6 : 5);
        if (!bearer && !text.regionMatches(true, i, "basic", 0, 5)
                || schemeEnd >= text.length() || !isBlank(text.charAt(schemeEnd))) {
            return -1;
        }
        int start = schemeEnd;
        while (start < text.length() && isBlank(text.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < text.length() && isToken68(text.charAt(end))) {
            end++;
        }
        while (end < text.length() && text.charAt(end) == '=') {
            end++;
        }
        if (bearer) {
            return end - start >= MIN_BEARER_CHARS ? region(start, end) : -1;
        }
        return isBasicCredential(text.substring(start, end)) ? region(start, end) : -1;
    }

    /** Tells whether a token is base64 of {@code user:password}, so the English word "basic" is left alone. */
    private static boolean isBasicCredential(String token) {
        if (token.length() < 4 || token.length() % 4 != 0) {
            return false;
        }
        try {
            for (byte b : Base64.getDecoder().decode(token)) {
                if (b == ':') {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static boolean isToken68(char c) {
        return isAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static boolean isBase64UrlOrDot(char c) {
        return isAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isUpper(c) || isLower(c) || isDigit(c);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
