package io.govaudit.internal.format;

import io.govaudit.AuditEvent;
import io.govaudit.PersonalDataMasking;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal identifiers in free text before it is encoded (REQUIREMENTS.md C; the rule for
 * users is on {@link PersonalDataMasking} and in docs/operations.md, "Personal data"). This class
 * is its only implementation; {@link BodyEncoder} calls {@link #mask} on the free-text members of
 * an application's event, after {@link Secrets#mask}.
 *
 * <p>Recognition (built-in rules, no regular expressions). Full-width letters, digits and
 * {@code + - ( )} and the ideographic space are read as their ASCII forms; the stored text keeps
 * the original characters that are not masked. A <em>word character</em> is an ASCII or
 * full-width letter or digit; CJK text and punctuation are not, so {@code 身分證A123456789。}
 * is found and {@code XA123456789Y} is not.
 * <ul>
 * <li>TW_ID: a letter, {@code 1} or {@code 2}, 8 digits, as a whole word, with the official check
 *     (the letter's two-digit code {@code A}=10 … {@code Z}=33, weights 1 9 8 7 6 5 4 3 2 1 1, sum
 *     divisible by 10). TW_RESIDENT_ID: the same with {@code 8} or {@code 9} (format since 2021),
 *     or two letters (the second {@code A}-{@code D}) and 8 digits, the second letter counting as
 *     the last digit of its code (old format).</li>
 * <li>MOBILE, LANDLINE: a run of digits joined by single spaces or dashes, starting at a word
 *     boundary with {@code 0}, {@code (0…)}, {@code +886} or (mobile only) {@code 886}: a mobile is
 *     {@code 09} and 8 digits; a landline is an area code ({@code 02} + 8 digits, {@code 03},
 *     {@code 05}-{@code 08} + 7, {@code 04} + 7 or 8, {@code 037}, {@code 089}, {@code 082} + 6,
 *     {@code 049} + 7, {@code 0826}, {@code 0836} + 5) and a subscriber number not starting with 0.
 *     {@code 080x} (toll-free, a business line) is not a landline.</li>
 * <li>EMAIL: {@code local@domain}, the local part of {@code A-Z a-z 0-9 . _ % + -} starting with
 *     a letter or digit, the domain at least two labels and a top-level label of letters.</li>
 * <li>CARD: 13 to 19 digits, unbroken or in groups of 4 (the last 1-4) or 4-6-5 / 4-6-4 joined by
 *     one kind of separator, starting with 3-6 or 22-27 (issuer ranges), Luhn-valid.</li>
 * </ul>
 * A number ends where a group of digits does; the digits that follow a valid prefix (a card then
 * an amount) do not hide it. A digit run right after {@code digit.} continues a decimal number (or
 * an IP address) and starts nothing. An identifier directly followed by {@code @} is left to the
 * e-mail rule. Checksums keep case numbers, amounts, dates, IP addresses and timestamps.
 *
 * <p>Masked forms (each kept character is the original one): IDs keep the first three and last two
 * characters ({@code A12*****89}); mobiles the {@code 09} (or {@code +886 9}) and the last three
 * digits; landlines the area code and the last two digits; cards the last four digits;
 * separators and parentheses stay where they were. E-mail: the first character of the local part,
 * {@code ***}, {@code @} and the domain. With the keyed hash on, {@code #} and 8 lowercase hex
 * characters follow: the first 4 bytes of HMAC-SHA256 under {@code HMAC-SHA256(session key,
 * "govaudit-personal-data")} of the normalised value (ASCII; IDs upper case; phones the national
 * digits with their leading {@code 0}, so {@code +886 912…} and {@code 0912-…} agree; cards the
 * digits; e-mail lower case).
 *
 * <p>Idempotent: masked output is left as it is ({@code #} and 8 hex characters at a word end are
 * skipped, as is the domain after {@code ***@}). The exception is contrived: the kept digits of a
 * masked value and digits after it joined by a single space or dash that together form a new
 * identifier.
 *
 * <p>Custom patterns run after the built-in rules on their output; each match becomes as many
 * {@code *} (plus the hash). A pattern that reads the text more than {@link #PATTERN_STEPS_PER_CHAR}
 * times per character masks the whole string as {@value AuditEvent#MASKED} (fails closed).
 *
 * <p>Speed: a string without a digit and without {@code @} is returned as it is, after one
 * loop over its characters and no allocation; others are scanned once, with a closer look only at
 * the start of each digit run and at each {@code @}.
 *
 * <p>Thread-safe: immutable; each call works on its own state.
 */
public final class PersonalData {

    static final int TW_ID = 1;
    static final int TW_RESIDENT_ID = 2;
    static final int MOBILE = 4;
    static final int LANDLINE = 8;
    static final int EMAIL = 16;
    static final int CARD = 32;
    static final int ALL = 63;
    /** The derivation label of the hash key. */
    static final String HASH_PURPOSE = "govaudit-personal-data";
    static final int HASH_BYTES = 4;
    /** How often a custom pattern may read each character of a string before the string is masked whole. */
    static final int PATTERN_STEPS_PER_CHAR = 256;

    /** Masks nothing. */
    public static final PersonalData NONE = new PersonalData(0, new Pattern[0], null);

    /** The two-digit codes of the letters A-Z. */
    private static final int[] LETTER_CODES = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25,
        26, 27, 28, 29, 32, 30, 31, 33};
    private static final int[] ID_WEIGHTS = {7, 6, 5, 4, 3, 2, 1, 1};

    private final int rules;
    private final Pattern[] patterns;
    private final SessionHasher hasher;
    /**
     * One scan state per thread, reused: allocating it and its buffers per string cost as much
     * as the scan itself (MaskingBenchmark, benchmarks/README.md).
     */
    private final ThreadLocal<Scan> scans = ThreadLocal.withInitial(Scan::new);

    PersonalData(int rules, Pattern[] patterns, SessionHasher hasher) {
        this.rules = rules;
        this.patterns = patterns;
        this.hasher = hasher;
    }

    /**
     * Creates the masker for a policy.
     *
     * @param policy     the policy
     * @param sessionKey the store's session hasher; the hash key is derived from it
     * @return the masker
     */
    public static PersonalData of(PersonalDataMasking policy, SessionHasher sessionKey) {
        int rules = 0;
        for (PersonalDataMasking.Rule rule : policy.rules()) {
            rules |= 1 << rule.ordinal();
        }
        Pattern[] patterns = policy.patterns().values().toArray(new Pattern[0]);
        return new PersonalData(rules, patterns, policy.keyedHash() ? sessionKey.derive(HASH_PURPOSE) : null);
    }

    /**
     * Masks the personal identifiers in a text.
     *
     * @param text any text
     * @return the text itself when nothing was masked, else the masked copy
     */
    public String mask(String text) {
        return mask(text, rules == 0 ? -1 : firstTrigger(text));
    }

    /**
     * As {@link #mask(String)}, for a caller that has already found {@code firstTrigger(text)}:
     * {@link BodyEncoder} gets it from the loop of {@link Secrets#mask(String, int[])}, which
     * reads every character anyway, so free text is not read a second time just to find that it
     * holds no digit (about a third of the masking cost of a typical event, MaskingCpuRatio).
     *
     * @param text  any text
     * @param first {@code firstTrigger(text)}
     * @return the text itself when nothing was masked, else the masked copy
     */
    String mask(String text, int first) {
        String masked = rules == 0 || first < 0 || !mayStart(text, first) ? text : scans.get().run(text, first);
        return patterns.length == 0 ? masked : custom(masked);
    }

    /** Tells whether any built-in rule is on, i.e. whether {@link #mask(String, int)} reads its argument. */
    boolean masksBuiltIn() {
        return rules != 0;
    }

    /** The index of the first digit or {@code @}, or -1: the early out. */
    static int firstTrigger(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isTrigger(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** An ASCII or full-width digit, or {@code @}: where the scan takes a closer look. */
    static boolean isTrigger(char c) {
        return c <= '@' ? c >= '0' && (c <= '9' || c == '@') : c >= '\uFF10' && c <= '\uFF19';
    }

    /**
     * False only if the scan from {@code from} cannot mask anything: no {@code @} and every digit
     * run is inside a number or starts with 1, 7 or 9 after a character that is not a letter
     * (case numbers, paths, dates). The same decisions as {@link Scan#digitRun}'s first lines,
     * made on the string: most free text with digits then costs no scan state, no char copy and
     * no thread-local lookup (MaskingCpuRatio: the case number and path of a typical event).
     */
    private static boolean mayStart(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == '@' || c >= '\uFF10' && c <= '\uFF19') {
                return true; // e-mail, full-width digits: leave them to the scan
            }
            if (c < '0' || c > '9') {
                continue;
            }
            // the first digit of a run: text[i - 1] is no digit (a full-width one returned above)
            char p = i > 0 ? ascii(text.charAt(i - 1)) : ' ';
            boolean decimals = p == '.' && i >= 2 && isDigit(ascii(text.charAt(i - 2)));
            if (!decimals && (isLetter(p) || c == '0' || c == '8' || c >= '2' && c <= '6')) {
                return true; // an ID, a phone number, a card
            }
            while (i + 1 < n && isDigit(text.charAt(i + 1))) {
                i++; // the rest of the run starts nothing: no look back per digit
            }
        }
        return false;
    }

    // ---- custom patterns ----

    private String custom(String text) {
        String current = text;
        for (Pattern pattern : patterns) {
            try {
                current = custom(pattern, current);
            } catch (StepsExceeded e) {
                return AuditEvent.MASKED;
            }
        }
        return current;
    }

    private String custom(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(new BoundedText(text, (long) PATTERN_STEPS_PER_CHAR * (text.length() + 16)));
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            if (matcher.end() == matcher.start()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, copied, matcher.start()).append("*".repeat(matcher.end() - matcher.start()));
            if (hasher != null) {
                out.append('#').append(hasher.hash(text.substring(matcher.start(), matcher.end()), HASH_BYTES));
            }
            copied = matcher.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Thrown when a custom pattern reads too much: runaway backtracking. */
    private static final class StepsExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepsExceeded() {
            super(null, null, false, false);
        }
    }

    /** The text as a regular expression sees it, counting every character read. */
    private static final class BoundedText implements CharSequence {
        private final String text;
        private long stepsLeft;

        BoundedText(String text, long steps) {
            this.text = text;
            this.stepsLeft = steps;
        }

        @Override
        public char charAt(int index) {
            if (--stepsLeft < 0) {
                throw new StepsExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // ---- built-in rules: one pass ----

    /** The state of one pass over one text. Not thread-safe: one per thread, reset by {@link #run}. */
    private final class Scan {
        private static final int MAX_DIGITS = 20;
        /** A larger output buffer is dropped after use, so a thread does not keep it. */
        private static final int KEPT_BUFFER_CHARS = 4096;

        private String text;
        private int n;
        private boolean writing;
        private char[] in; // the text's characters
        // the masked copy, built only once something is masked: a char[] rather than a
        // StringBuilder, whose per-char appends and Latin-1/UTF-16 switches cost more than the scan
        private char[] out;
        private int length;
        private int copied;
        // the digit groups read by read(): digits, the index after each, group ends as a bit set
        private int count;
        private long groupEnds;
        private int parenDigits;
        private int mixedAt;

        private final char[] digits = new char[MAX_DIGITS];
        private final int[] after = new int[MAX_DIGITS];

        String run(String text, int from) {
            this.text = text;
            this.n = text.length();
            if (in == null || in.length < n) {
                in = new char[Math.max(n, 64)];
            }
            // array loads in the loops below, not String.charAt; nothing reads more than 3
            // characters before the first trigger, so the text before that is not copied
            int copyFrom = Math.max(0, from - 3);
            text.getChars(copyFrom, n, in, copyFrom);
            this.writing = false;
            this.length = 0;
            this.copied = 0;
            try {
                return scan(from);
            } finally {
                this.text = null;
                if (out != null && out.length > KEPT_BUFFER_CHARS) {
                    out = null;
                }
                if (in.length > KEPT_BUFFER_CHARS) {
                    in = null;
                }
            }
        }

        private String scan(int from) {
            int i = from;
            while (i < n) {
                char c = in[i];
                if (c > '@' && c < '\uFF10') {
                    i++; // letters, CJK: nothing starts here
                    continue;
                }
                if (c <= '9' ? c >= '0' : c >= '\uFF10' && c <= '\uFF19') {
                    i = digitRun(i);
                } else if (c == '@') {
                    i = email(i);
                } else if (c == '#') {
                    i = skipHash(i);
                } else {
                    i++;
                }
            }
            if (!writing) {
                return text;
            }
            copyUpTo(n);
            return new String(out, 0, length);
        }

        /** At the first digit of a run: returns where to continue. */
        private int digitRun(int i) {
            char p = i > 0 ? at(i - 1) : ' ';
            if (isLetter(p)) {
                return id(i);
            }
            if (isDigit(p) || p == '.' && i >= 2 && isDigit(at(i - 2))) {
                return endOfDigits(i);
            }
            char first = at(i);
            int next = -1;
            if ((rules & (MOBILE | LANDLINE)) != 0 && (first == '0' || first == '8')) {
                next = phone(i, p);
            }
            if (next < 0 && (rules & CARD) != 0 && first >= '2' && first <= '6') {
                next = card(i);
            }
            return next < 0 ? endOfDigits(i) : next;
        }

        // ---- IDs ----

        private int id(int i) {
            int end = endOfDigits(i);
            if (end < n && isWord(at(end))) {
                return endOfWord(end); // letters after the digits: a longer word
            }
            int enabled = rules & (TW_ID | TW_RESIDENT_ID);
            int start = i >= 2 && isLetter(at(i - 2)) ? i - 2 : i - 1;
            int letters = i - start;
            if (enabled == 0 || end - i != (letters == 1 ? 9 : 8) || start > 0 && isWord(at(start - 1))
                    || !followerAllowed(end)) {
                return end;
            }
            int second;
            if (letters == 1) {
                second = at(i) - '0';
                int rule = second == 1 || second == 2 ? TW_ID : second == 8 || second == 9 ? TW_RESIDENT_ID : 0;
                if ((enabled & rule) == 0) {
                    return end;
                }
            } else {
                char letter = upper(at(i - 1));
                if (letter > 'D' || (enabled & TW_RESIDENT_ID) == 0) {
                    return end;
                }
                second = LETTER_CODES[letter - 'A'] % 10;
            }
            int code = LETTER_CODES[upper(at(start)) - 'A'];
            int sum = code / 10 + code % 10 * 9 + second * 8;
            int rest = end - 8;
            for (int k = 0; k < 8; k++) {
                sum += (at(rest + k) - '0') * ID_WEIGHTS[k];
            }
            if (sum % 10 != 0) {
                return end;
            }
            begin(start, end - start);
            text.getChars(start, start + 3, out, length);
            out[length + 3] = '*';
            out[length + 4] = '*';
            out[length + 5] = '*';
            out[length + 6] = '*';
            out[length + 7] = '*';
            text.getChars(end - 2, end, out, length + 8);
            length += 10;
            finish(end, hasher == null ? null : normalised(start, end).toUpperCase(Locale.ROOT));
            return end;
        }

        // ---- phones ----

        private int phone(int i, char p) {
            int found = p == '(' ? phone(i, true, false) : -1;
            return found >= 0 ? found : phone(i, false, p == '+');
        }

        /** A phone number with its area code in parentheses, after {@code +}, or neither. */
        private int phone(int i, boolean paren, boolean plus) {
            int start = plus || paren ? i - 1 : i;
            if (start < i && start > 0 && isWord(at(start - 1)) || !read(i, paren)) {
                return -1;
            }
            int ns;
            boolean implied0;
            if (digits[0] == '8') {
                if (paren || count < 4 || digits[1] != '8' || digits[2] != '6') {
                    return -1;
                }
                ns = 3;
                implied0 = digits[3] != '0';
            } else {
                ns = 0;
                implied0 = false;
            }
            int shift = implied0 ? 1 : 0;
            if ((rules & MOBILE) != 0 && !paren && national(ns, implied0, 1) == '9') {
                int k = ns + 10 - shift;
                if (complete(k)) {
                    return emitDigits(start, k, ns + 2 - shift, k - 3, hasher == null ? null : nationalNumber(ns, implied0, k));
                }
            }
            if ((rules & LANDLINE) == 0 || !plus && ns > 0) {
                return -1; // bare 886: mobiles only
            }
            int area = areaLength(ns, implied0);
            int found = area == 0 ? -1 : landline(start, ns, implied0, paren, area);
            // 037, 049, 082, 089 also begin numbers of 03, 04, 08 whose subscriber starts with 7, 9, 2
            return found < 0 && area > 2 ? landline(start, ns, implied0, paren, 2) : found;
        }

        private int landline(int start, int ns, boolean implied0, boolean paren, int area) {
            int shift = implied0 ? 1 : 0;
            char first = national(ns, implied0, area);
            if (paren && parenDigits != area || first < '1' || first > '9') {
                return -1;
            }
            for (int sub = 8; sub >= 5; sub--) {
                int k = ns + area + sub - shift;
                if (subscriberLength(ns, implied0, area, sub) && complete(k)) {
                    return emitDigits(start, k, ns + area - shift, k - 2,
                            hasher == null ? null : nationalNumber(ns, implied0, k));
                }
            }
            return -1;
        }

        /** The national number's digit {@code j} (its leading 0 implied after +886). */
        private char national(int ns, boolean implied0, int j) {
            int index = implied0 ? ns + j - 1 : ns + j;
            if (implied0 && j == 0) {
                return '0';
            }
            return index < count ? digits[index] : 'x';
        }

        /** The whole national number of k reader digits, with its leading 0: the hash input. */
        private String nationalNumber(int ns, boolean implied0, int k) {
            return (implied0 ? "0" : "") + new String(digits, ns, k - ns);
        }

        /** The length of the area code with its 0, or 0 if the number has none (or is toll-free). */
        private int areaLength(int ns, boolean implied0) {
            if (national(ns, implied0, 0) != '0') {
                return 0;
            }
            char a = national(ns, implied0, 1);
            char b = national(ns, implied0, 2);
            char c = national(ns, implied0, 3);
            switch (a) {
                case '2': case '5': case '6': case '7': return 2;
                case '3': return b == '7' ? 3 : 2;
                case '4': return b == '9' ? 3 : 2;
                case '8':
                    if (b == '0') {
                        return 0;
                    }
                    if (b == '2' || b == '3') {
                        return c == '6' ? 4 : b == '2' ? 3 : 2;
                    }
                    return b == '9' ? 3 : 2;
                default: return 0;
            }
        }

        private boolean subscriberLength(int ns, boolean implied0, int area, int sub) {
            char a = national(ns, implied0, 1);
            if (area == 4) {
                return sub == 5;
            }
            if (area == 3) {
                return sub == (a == '4' ? 7 : 6);
            }
            return a == '2' ? sub == 8 : a == '4' ? sub == 7 || sub == 8 : sub == 7;
        }

        // ---- cards ----

        private int card(int i) {
            if (!read(i, false) || !issuer()) {
                return -1;
            }
            for (int k = Math.min(count, 19); k >= 13; k--) {
                if (mixedAt >= k && complete(k) && cardLayout(k) && luhn(k)) {
                    return emitDigits(i, k, 0, k - 4, hasher == null ? null : new String(digits, 0, k));
                }
            }
            return -1;
        }

        private boolean issuer() {
            char a = digits[0];
            return a >= '3' && a <= '6' || a == '2' && count > 1 && digits[1] >= '2' && digits[1] <= '7';
        }

        /** One run, groups of 4 with a last of 1-4, or 4-6-5 / 4-6-4. */
        private boolean cardLayout(int k) {
            int groups = Long.bitCount(groupEnds & ((1L << (k + 1)) - 1));
            if (groups == 1) {
                return true;
            }
            int previous = 0;
            int index = 0;
            int[] sizes = new int[groups];
            for (int end = 1; end <= k; end++) {
                if ((groupEnds & 1L << end) != 0) {
                    sizes[index++] = end - previous;
                    previous = end;
                }
            }
            if (groups == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) {
                return true;
            }
            for (int g = 0; g < groups - 1; g++) {
                if (sizes[g] != 4) {
                    return false;
                }
            }
            return sizes[groups - 1] <= 4;
        }

        private boolean luhn(int k) {
            int sum = 0;
            for (int j = 0; j < k; j++) {
                int d = digits[k - 1 - j] - '0';
                if (j % 2 == 1) {
                    d = d * 2 > 9 ? d * 2 - 9 : d * 2;
                }
                sum += d;
            }
            return sum % 10 == 0;
        }

        // ---- digit groups ----

        /**
         * Reads digit groups joined by single spaces or dashes from {@code i} (after a {@code (},
         * the first group must close with {@code )} and an optional space).
         */
        private boolean read(int i, boolean paren) {
            count = 0;
            groupEnds = 0;
            parenDigits = -1;
            mixedAt = Integer.MAX_VALUE;
            char separator = 0;
            int pos = i;
            while (true) {
                char d;
                while (pos < n && count < MAX_DIGITS && isDigit(d = at(pos))) {
                    digits[count] = d;
                    after[count++] = ++pos;
                }
                if (pos < n && isDigit(at(pos))) {
                    return true; // more than MAX_DIGITS in a row: no group end here
                }
                groupEnds |= 1L << count;
                if (pos >= n) {
                    return true;
                }
                char c = at(pos);
                if (paren && parenDigits < 0) {
                    if (c != ')') {
                        return false;
                    }
                    parenDigits = count;
                    pos += pos + 2 < n && at(pos + 1) == ' ' ? 2 : 1;
                    if (pos >= n || !isDigit(at(pos))) {
                        return false;
                    }
                } else if ((c == ' ' || c == '-') && pos + 1 < n && isDigit(at(pos + 1))) {
                    if (separator == 0) {
                        separator = c;
                    } else if (c != separator && mixedAt == Integer.MAX_VALUE) {
                        mixedAt = count;
                    }
                    pos++;
                } else {
                    return true;
                }
            }
        }

        /** Tells whether the first k digits read end a group and stand alone. */
        private boolean complete(int k) {
            return k <= count && (groupEnds & 1L << k) != 0 && followerAllowed(after[k - 1]);
        }

        /**
         * Writes {@code text[start, after digit k)} with digits {@code from} to {@code to}
         * (exclusive) as {@code *}; everything else as it was.
         */
        private int emitDigits(int start, int k, int from, int to, String hashInput) {
            int end = after[k - 1];
            begin(start, end - start);
            text.getChars(start, end, out, length);
            for (int ordinal = from; ordinal < to; ordinal++) {
                out[length + after[ordinal] - 1 - start] = '*';
            }
            length += end - start;
            finish(end, hashInput);
            return end;
        }

        // ---- e-mail ----

        private int email(int a) {
            if ((rules & EMAIL) == 0) {
                return a + 1;
            }
            int s = a;
            while (s > copied && isLocal(text.charAt(s - 1))) {
                s--;
            }
            while (s < a && !isAsciiLetterOrDigit(text.charAt(s))) {
                s++;
            }
            int end = domainEnd(a + 1);
            if (s == a) {
                // "c***@domain" is this class's own output: leave its domain alone too
                return end > 0 && a >= 3 && text.startsWith("***", a - 3) ? end : a + 1;
            }
            if (end < 0) {
                return a + 1;
            }
            begin(s, 4 + end - a);
            out[length] = text.charAt(s);
            out[length + 1] = '*';
            out[length + 2] = '*';
            out[length + 3] = '*';
            text.getChars(a, end, out, length + 4);
            length += 4 + end - a;
            finish(end, hasher == null ? null : text.substring(s, end).toLowerCase(Locale.ROOT));
            return end;
        }

        /** The end of a valid domain starting at {@code from}, or -1. */
        private int domainEnd(int from) {
            int j = from;
            while (j < n && (isAsciiLetterOrDigit(text.charAt(j)) || text.charAt(j) == '-' || text.charAt(j) == '.')) {
                j++;
            }
            while (j > from && (text.charAt(j - 1) == '.' || text.charAt(j - 1) == '-')) {
                j--;
            }
            int labels = 0;
            int labelStart = from;
            boolean lettersOnly = true;
            for (int k = from; k <= j; k++) {
                char c = k < j ? text.charAt(k) : '.';
                if (c == '.') {
                    if (k == labelStart || text.charAt(labelStart) == '-' || text.charAt(k - 1) == '-') {
                        return -1;
                    }
                    labels++;
                    if (k == j && (!lettersOnly || k - labelStart < 2)) {
                        return -1;
                    }
                    labelStart = k + 1;
                    lettersOnly = true;
                } else if (!isLetter(c)) {
                    lettersOnly = false;
                }
            }
            return labels >= 2 ? j : -1;
        }

        // ---- masked output ----

        /** {@code #} and 8 lowercase hex characters at the end of a word: a keyed hash written before. */
        private int skipHash(int i) {
            int end = i + 1 + 2 * HASH_BYTES;
            if (end > n || end < n && isWord(at(end))) {
                return i + 1;
            }
            for (int j = i + 1; j < end; j++) {
                char c = text.charAt(j);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return i + 1;
                }
            }
            return end;
        }

        /** Copies the text up to {@code start} and makes room for {@code room} more characters (and a hash). */
        private void begin(int start, int room) {
            if (!writing) {
                writing = true;
                if (out == null || out.length < n + 32) {
                    out = new char[n + 32];
                }
            }
            copyUpTo(start);
            int needed = length + room + 1 + 2 * HASH_BYTES;
            if (needed > out.length) {
                out = Arrays.copyOf(out, Math.max(needed, 2 * out.length));
            }
        }

        private void copyUpTo(int start) {
            if (length + start - copied > out.length) {
                out = Arrays.copyOf(out, Math.max(length + start - copied, 2 * out.length));
            }
            text.getChars(copied, start, out, length);
            length += start - copied;
            copied = start;
        }

        private void finish(int end, String hashInput) {
            if (hasher != null) {
                out[length++] = '#';
                String hash = hasher.hash(hashInput, HASH_BYTES);
                hash.getChars(0, hash.length(), out, length);
                length += hash.length();
            }
            copied = end;
        }

        // ---- characters ----

        /** Tells whether what follows an identifier ends it: not a word character, not an e-mail's {@code @}. */
        private boolean followerAllowed(int index) {
            if (index >= n) {
                return true;
            }
            char c = at(index);
            return !isWord(c) && !(c == '@' && (rules & EMAIL) != 0);
        }

        private int endOfDigits(int i) {
            int j = i;
            while (j < n && isDigit(at(j))) {
                j++;
            }
            return j;
        }

        private int endOfWord(int i) {
            int j = i;
            while (j < n && isWord(at(j))) {
                j++;
            }
            return j;
        }

        private String normalised(int start, int end) {
            char[] chars = new char[end - start];
            for (int j = start; j < end; j++) {
                chars[j - start] = at(j);
            }
            return new String(chars);
        }

        private char at(int index) {
            char c = in[index];
            return c < '\u3000' ? c : norm(c); // the test inline, the rare full-width case a call
        }
    }

    /**
     * {@link #norm} with its test inline: C2 did not inline {@code norm} into mayStart
     * ("callee is too large"), and the call for every ASCII character cost a quarter of
     * mayStart's samples (JFR, MaskingBenchmark).
     */
    private static char ascii(char c) {
        return c < '\u3000' ? c : norm(c);
    }

    /** Full-width forms U+FF01-FF5E as ASCII, the ideographic space as a space. */
    static char norm(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        return c == '\u3000' ? ' ' : c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isWord(char normalised) {
        return isDigit(normalised) || isLetter(normalised);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isDigit(c) || isLetter(c);
    }

    private static boolean isLocal(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static char upper(char letter) {
        return (char) (letter & ~0x20);
    }
}
