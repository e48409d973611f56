package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.PersonalDataMasking;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Properties of {@link PersonalData#mask} (STYLE.md S34): a valid identifier of any built-in kind,
 * in any accepted layout, embedded anywhere in text, never survives masking; and masking is
 * idempotent, with and without the keyed hash. Generators compute real check digits (national
 * ID, resident certificates, Luhn), so every generated identifier is one the rules must find.
 *
 * <p>E-mail addresses are generated in ASCII only: the e-mail rule does not read full-width forms.
 *
 * <p>Filler around the identifiers comes from a vocabulary of CJK words, English words,
 * punctuation and ordinary numbers (case numbers, dates, amounts, IPs) joined by blanks or CJK
 * punctuation. It holds no {@code @} and no {@code *}: text that already looks like masked output
 * ({@code ***@domain}) is left alone by design.
 */
class PersonalDataPropertyTest {

    private static final PersonalData PLAIN = PersonalData.of(PersonalDataMasking.defaults(),
            new SessionHasher(new byte[32]));
    private static final PersonalData HASHING = PersonalData.of(PersonalDataMasking.builder().keyedHash(true).build(),
            new SessionHasher(new byte[32]));
    private static final int[] CODES = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26,
        27, 28, 29, 32, 30, 31, 33};
    private static final List<String> FILLER = List.of("申請人", "手機", "信箱", "卡號", "案號", "陳美玲", "申請",
            "applicant", "phone", "case", "ok", "1130012345", "2026-05-01", "08:00:00", "10.0.0.50", "NT$1,234",
            "seq 42", "3.14", "第5條", "（備註）", "ID", "No.", "v2", "x", "-", "/", ":", "#", "+");
    private static final List<String> JOINERS = List.of(" ", "  ", "，", "。", "、", "：", "\n", "\t", " (", ") ",
            "「", "」", "；", ", ", "_");

    @Property(tries = 2000, seed = "20261128", shrinking = ShrinkingMode.OFF)
    void mask_validIdentifierInText_neverSurvives(@ForAll("identifiers") String identifier,
            @ForAll("filler") String before, @ForAll("joiners") String left, @ForAll("joiners") String right,
            @ForAll("filler") String after) {
        String text = before + left + identifier + right + after;
        for (PersonalData masker : List.of(PLAIN, HASHING)) {
            String masked = masker.mask(text);
            assertThat(masked).as(text).doesNotContain(identifier).doesNotContain(normalised(identifier));
            assertThat(masker.mask(masked)).as("idempotent: " + text).isEqualTo(masked);
        }
    }

    @Property(tries = 2000, seed = "20261129", shrinking = ShrinkingMode.OFF)
    void mask_anyText_isIdempotent(@ForAll("anyText") String text) {
        String once = PLAIN.mask(text);
        assertThat(PLAIN.mask(once)).as(text).isEqualTo(once);
        String hashed = HASHING.mask(text);
        assertThat(HASHING.mask(hashed)).as(text).isEqualTo(hashed);
    }

    @Property(tries = 1000, seed = "20261130", shrinking = ShrinkingMode.OFF)
    void mask_textWithoutDigitOrAt_isReturnedAsIs(@ForAll("wordsOnly") String text) {
        assertThat(PLAIN.mask(text)).isSameAs(text);
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.oneOf(List.of(nationalIds(), residentIds(), oldResidentIds(), mobiles(), landlines(),
                emails(), cards())).flatMap(id -> Arbitraries.of(0, 1, 2, 3).map(w -> w == 0 && id.indexOf('@') < 0 ? fullWidth(id) : id));
    }

    @Provide
    Arbitrary<String> filler() {
        return Arbitraries.of(FILLER).list().ofMaxSize(4).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> joiners() {
        return Arbitraries.of(JOINERS);
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("0123456789 -+()@.#*aAbBzZ_陳，。０９Ａ")
                .ofMaxLength(60);
        Arbitrary<String> mixed = Combinators.combine(filler(), identifiers(), joiners(), identifiers(), filler())
                .as((a, id1, j, id2, b) -> a + j + id1 + j + id2 + j + b);
        return Arbitraries.frequencyOf(Tuple.of(1, chars), Tuple.of(2, mixed));
    }

    @Provide
    Arbitrary<String> wordsOnly() {
        return Arbitraries.strings().withChars("abcXYZ 陳美玲，。-_+()#*").ofMaxLength(80);
    }

    private static Arbitrary<String> digits(int n) {
        return Arbitraries.strings().numeric().ofLength(n);
    }

    private static Arbitrary<Character> letters() {
        return Arbitraries.chars().range('A', 'Z');
    }

    Arbitrary<String> nationalIds() {
        return Combinators.combine(letters(), Arbitraries.of('1', '2'), digits(7))
                .as((l, s, d) -> withCheckDigit(l + "" + s + d));
    }

    Arbitrary<String> residentIds() {
        return Combinators.combine(letters(), Arbitraries.of('8', '9'), digits(7))
                .as((l, s, d) -> withCheckDigit(l + "" + s + d));
    }

    Arbitrary<String> oldResidentIds() {
        return Combinators.combine(letters(), Arbitraries.of('A', 'B', 'C', 'D'), digits(7))
                .as((l, s, d) -> withCheckDigit(l + "" + s + d));
    }

    Arbitrary<String> mobiles() {
        return Combinators.combine(digits(8), Arbitraries.of(0, 1, 2, 3, 4, 5, 6)).as((d, layout) -> {
            String n = "09" + d;
            switch (layout) {
                case 0: return n;
                case 1: return n.substring(0, 4) + "-" + n.substring(4, 7) + "-" + n.substring(7);
                case 2: return n.substring(0, 4) + " " + n.substring(4, 7) + " " + n.substring(7);
                case 3: return n.substring(0, 4) + "-" + n.substring(4);
                case 4: return "+886 " + n.substring(1, 4) + " " + n.substring(4, 7) + " " + n.substring(7);
                case 5: return "+886-" + n.substring(1, 4) + "-" + n.substring(4, 7) + "-" + n.substring(7);
                default: return "886" + n.substring(1);
            }
        });
    }

    Arbitrary<String> landlines() {
        Arbitrary<String[]> areas = Arbitraries.of(new String[] {"02", "8"}, new String[] {"03", "7"},
                new String[] {"037", "6"}, new String[] {"04", "7"}, new String[] {"04", "8"},
                new String[] {"049", "7"}, new String[] {"05", "7"}, new String[] {"06", "7"},
                new String[] {"07", "7"}, new String[] {"08", "7"}, new String[] {"089", "6"},
                new String[] {"082", "6"}, new String[] {"0826", "5"}, new String[] {"0836", "5"});
        return Combinators.combine(areas, Arbitraries.integers().between(1, 9), digits(7), Arbitraries.of(0, 1, 2, 3))
                .as((area, first, rest, layout) -> {
                    String sub = first + rest.substring(0, Integer.parseInt(area[1]) - 1);
                    switch (layout) {
                        case 0: return "(" + area[0] + ") " + sub;
                        case 1: return area[0] + "-" + sub;
                        case 2: return area[0] + sub;
                        default: return "+886-" + area[0].substring(1) + "-" + sub;
                    }
                });
    }

    Arbitrary<String> emails() {
        Arbitrary<String> local = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._-").ofMaxLength(12))
                .as((a, b) -> a + b);
        Arbitrary<String> domain = Arbitraries.of("example.gov.tw", "moi.gov.tw", "gmail.com", "mail2.example.org",
                "x.tw");
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    Arbitrary<String> cards() {
        Arbitrary<String> prefixes = Arbitraries.of("4", "51", "55", "2223", "34", "37", "6011", "35");
        return Combinators.combine(prefixes, digits(18), Arbitraries.of(0, 1, 2)).as((prefix, d, layout) -> {
            boolean amex = prefix.equals("34") || prefix.equals("37");
            int length = amex ? 15 : 16;
            String n = withLuhn(prefix + d.substring(0, length - 1 - prefix.length()));
            if (layout == 0) {
                return n;
            }
            String sep = layout == 1 ? " " : "-";
            return amex ? n.substring(0, 4) + sep + n.substring(4, 10) + sep + n.substring(10)
                    : n.substring(0, 4) + sep + n.substring(4, 8) + sep + n.substring(8, 12) + sep + n.substring(12);
        });
    }

    // ---- check digits ----

    private static String withCheckDigit(String nine) {
        int code = CODES[nine.charAt(0) - 'A'];
        int second = Character.isLetter(nine.charAt(1)) ? CODES[nine.charAt(1) - 'A'] % 10 : nine.charAt(1) - '0';
        int sum = code / 10 + code % 10 * 9 + second * 8;
        for (int k = 2; k < 9; k++) {
            sum += (nine.charAt(k) - '0') * (9 - k);
        }
        return nine + (10 - sum % 10) % 10;
    }

    private static String withLuhn(String body) {
        int sum = 0;
        for (int j = 0; j < body.length(); j++) {
            int d = body.charAt(body.length() - 1 - j) - '0';
            if (j % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }

    private static String fullWidth(String ascii) {
        StringBuilder out = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            out.append(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' ? (char) (c + 0xFEE0) : c);
        }
        return out.toString();
    }

    private static String normalised(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(PersonalData.norm(c));
        }
        return out.toString();
    }
}
