package io.govaudit.cli;

import java.util.Locale;

/**
 * The one escape function of the periodic review report (S7: any HTML output escaped): every
 * value that comes from a record, an option or the store goes through {@link #text} before it is
 * written into the HTML, in element text, attribute values and SVG text alike. Stateless and
 * thread-safe.
 */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for HTML element content and double- or single-quoted attribute values:
     * {@code & < > " '} become character references. Characters a reader cannot see or that
     * would change how the text around them is shown (C0 and C1 controls, bidirectional overrides
     * such as U+202E, zero-width characters, lone surrogates: Unicode categories Cc, Cf, Cs, Zl, Zp)
     * are shown as {@code [U+202E]}, so a hostile value cannot hide or reorder what a reviewer
     * reads.
     *
     * @param s the text, or null
     * @return the escaped text; empty for null
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (invisible(cp)) {
                        b.append("[U+").append(String.format(Locale.ROOT, "%04X", cp)).append(']');
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
