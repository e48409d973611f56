package io.govaudit;

/**
 * The check of a written justification for a setting below the annex's floor
 * ({@link RetentionPolicy#belowSixMonths(String)},
 * {@link CapacityPolicy#overwriteWithinRetention(String)}): it is recorded in {@code TRAIL_START},
 * so it must say something, fit in a record and keep to one line of printable text.
 *
 * <p>Thread-safe: stateless.
 */
final class Justifications {

    /** The longest justification, in code points. */
    static final int MAX_CODE_POINTS = 500;

    private Justifications() {
    }

    /**
     * Returns the justification, or refuses it.
     *
     * @param member the policy method it is given to, e.g. {@code belowSixMonths}
     * @param reason the written justification
     * @return the reason, unchanged
     * @throws IllegalArgumentException naming {@code member} if it is null, blank, longer than
     *                                  {@value #MAX_CODE_POINTS} code points or holds a control or
     *                                  format character
     */
    static String check(String member, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(member + " needs a written justification (who approved it and why), "
                    + "was " + (reason == null ? "null" : "blank"));
        }
        int length = reason.codePointCount(0, reason.length());
        if (length > MAX_CODE_POINTS) {
            throw new IllegalArgumentException(member + " justification must be at most " + MAX_CODE_POINTS
                    + " characters, was " + length);
        }
        int bad = reason.codePoints().filter(Justifications::unprintable).findFirst().orElse(-1);
        if (bad >= 0) {
            throw new IllegalArgumentException(member + " justification must be one line of printable text, "
                    + "found U+" + String.format(java.util.Locale.ROOT, "%04X", bad));
        }
        return reason;
    }

    private static boolean unprintable(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
