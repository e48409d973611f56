package io.govaudit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The argument checks of the event API ({@link AuditEvent}, {@link Actor}, {@link Subject},
 * {@link Location}, {@link AuditTrail#record}), in one place so every public method rejects a
 * bad argument the same way: with an {@link AuditRecordRejectedException} naming the record
 * member, never a {@link NullPointerException} from deep inside (STYLE.md S14, S16).
 *
 * <p>Thread-safe: stateless.
 */
final class Checks {

    private static final int QUOTED_CHARS = 40;

    private Checks() {
    }

    /**
     * Returns the value, or rejects it when null.
     *
     * @param member the record member (or argument) the value is for, e.g. {@code where}
     * @param value  the value
     * @return the value, never null
     * @throws AuditRecordRejectedException naming {@code member} when the value is null
     */
    static <T> T present(String member, T value) {
        if (value == null) {
            throw new AuditRecordRejectedException(member, "is null");
        }
        return value;
    }

    /**
     * Copies a collection of strings, rejecting a null collection or a null element.
     *
     * @param member the record member, e.g. {@code detail.granted}
     * @param values the strings
     * @return an immutable copy in iteration order
     * @throws AuditRecordRejectedException naming {@code member} when the collection or an element is null
     */
    static List<String> strings(String member, Collection<String> values) {
        if (values == null) {
            throw new AuditRecordRejectedException(member, "is null; pass an empty collection instead");
        }
        List<String> copy = new ArrayList<>(values.size());
        for (String value : values) {
            if (value == null) {
                throw new AuditRecordRejectedException(member, "contains null at index " + copy.size());
            }
            copy.add(value);
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Quotes a rejected value for an exception message: at most 40 characters, with control
     * characters and line separators escaped, so the message itself cannot inject a line into
     * the application's log.
     *
     * @param value the value, or null
     * @return {@code null} or the value in single quotes
     */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(QUOTED_CHARS + 8).append('\'');
        int end = Math.min(value.length(), QUOTED_CHARS);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(value.length() > end ? "'…" : "'").toString();
    }
}
