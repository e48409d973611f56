package io.govaudit;

/**
 * Recognises IP address literals for {@code where.ip}, by their text alone: no name is ever
 * resolved (so no DNS lookup can be triggered by a caller's text, unlike
 * {@code InetAddress.getByName}).
 *
 * <p>Accepted: IPv4 dotted quads of four decimal numbers 0 to 255 without leading zeros
 * ({@code 10.1.2.3}; {@code 010.1.2.3} is refused because some parsers read it as octal), and
 * IPv6 in the RFC 4291 text forms, upper or lower case hex, with at most one {@code ::}, with an
 * IPv4 tail ({@code ::ffff:10.1.2.3}, IPv4-mapped) and with an optional zone after {@code %}
 * of 1 to 32 characters {@code A-Z a-z 0-9 . _ -} ({@code fe80::1%eth0}, which servlet
 * containers report for link-local clients). Refused: anything else, including brackets
 * ({@code [::1]}), ports ({@code 10.1.2.3:443}), host names, and lists such as an
 * {@code X-Forwarded-For} header ({@code 10.1.2.3, 10.0.0.1}): the application must choose the
 * one client address it trusts; the library does not guess.
 *
 * <p>Thread-safe: stateless.
 */
final class IpLiterals {

    private static final int MAX_ZONE_CHARS = 32;

    private IpLiterals() {
    }

    /**
     * Tells whether the text is one IPv4 or IPv6 address literal, by the rule in the class
     * description.
     *
     * @param text the text, not null
     * @return true for an address literal
     */
    static boolean isIpLiteral(String text) {
        return isIpv4(text, 0, text.length()) || isIpv6(text);
    }

    /** Tells whether {@code text[from, to)} is a dotted quad. */
    static boolean isIpv4(String text, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && EventType.isDigit(text.charAt(i))) {
                value = value * 10 + text.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || digits > 1 && text.charAt(start) == '0') {
                return false;
            }
            parts++;
            if (i == to) {
                return parts == 4;
            }
            if (text.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    private static boolean isIpv6(String text) {
        int end = text.length();
        int percent = text.indexOf('%');
        if (percent >= 0) {
            if (!isZone(text, percent + 1, end)) {
                return false;
            }
            end = percent;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (text.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == end) {
                return true;
            }
        }
        while (true) {
            int colon = text.indexOf(':', i);
            int groupEnd = colon < 0 || colon > end ? end : colon;
            if (groupEnd == i) {
                return false; // an empty group: ":::" or a leading or trailing single ':'
            }
            if (groupEnd == end && text.indexOf('.', i) >= 0 && text.indexOf('.', i) < end) {
                if (!isIpv4(text, i, end)) {
                    return false;
                }
                groups += 2; // the IPv4 tail stands for the last two groups
                break;
            }
            if (groupEnd - i > 4 || !isHex(text, i, groupEnd)) {
                return false;
            }
            groups++;
            if (groupEnd == end) {
                break;
            }
            i = groupEnd + 1;
            if (i < end && text.charAt(i) == ':') {
                if (compressed) {
                    return false; // a second "::"
                }
                compressed = true;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!EventType.isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZone(String text, int from, int to) {
        if (to - from < 1 || to - from > MAX_ZONE_CHARS) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!EventType.isDigit(c) && !EventType.isUpper(c) && !EventType.isLower(c)
                    && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
