package io.govaudit.spring;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the client's address for {@code where.ip}: the socket peer, unless the peer is one of
 * the trusted proxies, in which case the right-most hop of the forwarding header that is not a
 * trusted proxy. A header from any other peer is ignored (it is the client's own claim). Only
 * address literals are read: no name is ever resolved. A hop that is not one IPv4 or IPv6
 * literal (a host name, an obfuscated RFC 7239 identifier, garbage) makes the resolver fall back
 * to the peer.
 *
 * <p>The header is the one the proxies write, named by {@code govaudit.web.forwarded-header}:
 * {@code X-Forwarded-For} (the default: comma-separated address literals) or the standard
 * {@code Forwarded} (RFC 7239: the {@code for=} parameter of each element; a quoted IPv6 literal in
 * brackets and a port are accepted there, as the RFC writes them). Only one header is read: a
 * proxy that appends to one header passes the other through from the client unchanged.
 *
 * <p>The request is read as the servlet container delivered it: request wrappers are looked
 * through, so a Spring {@code ForwardedHeaderFilter} ({@code server.forward-headers-strategy=framework})
 * that believes any client's header cannot make a spoofed address the recorded one. With
 * {@code server.forward-headers-strategy=native} the container itself (Tomcat's
 * {@code RemoteIpValve}) has already replaced the peer and removed the header, so its own
 * trusted-proxy list ({@code server.tomcat.remoteip.internal-proxies}) decides (docs/spring.md).
 *
 * <p>Thread-safe: immutable.
 *
 * @since 0.1.0
 */
public final class ClientAddress {

    /** The de-facto header, the default. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** The RFC 7239 header. */
    public static final String FORWARDED = "Forwarded";

    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9._-]{1,32})?");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("([0-9.]{7,15}):[0-9]{1,5}");
    private static final Pattern IPV6_IN_BRACKETS = Pattern.compile("\\[([^\\]]{2,80})\\](?::[0-9]{1,5})?");

    /** Which header the proxies write. */
    public enum Header {
        /** {@code X-Forwarded-For: client, proxy1, proxy2}. */
        X_FORWARDED_FOR,
        /** {@code Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"} (RFC 7239). */
        FORWARDED
    }

    private final List<Cidr> trusted;
    private final Header header;

    /**
     * Creates a resolver that reads {@code X-Forwarded-For} from trusted proxies.
     *
     * @param trustedProxies CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses; none
     *                       null
     * @throws IllegalArgumentException naming the entry when one is not a CIDR of address literals
     */
    public ClientAddress(List<String> trustedProxies) {
        this(trustedProxies, Header.X_FORWARDED_FOR);
    }

    /**
     * Creates a resolver.
     *
     * @param trustedProxies CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses; none
     *                       null
     * @param header         the header the trusted proxies write
     * @throws IllegalArgumentException naming the entry when one is not a CIDR of address literals,
     *                                  or when the header is null
     */
    public ClientAddress(List<String> trustedProxies, Header header) {
        if (header == null) {
            throw new IllegalArgumentException("govaudit.web.forwarded-header: is null");
        }
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            parsed.add(Cidr.parse(entry));
        }
        this.trusted = Collections.unmodifiableList(parsed);
        this.header = header;
    }

    /**
     * Resolves the client's address of a request, read as the container delivered it.
     *
     * @param request the request
     * @return the client's address literal, or null when the peer's address is not a literal
     */
    public String resolve(HttpServletRequest request) {
        ServletRequest delivered = request;
        // bounded: a wrapper chain is a handful deep; a cycle would be a bug elsewhere
        for (int depth = 0; depth < 32 && delivered instanceof ServletRequestWrapper wrapper; depth++) {
            delivered = wrapper.getRequest();
        }
        HttpServletRequest original = delivered instanceof HttpServletRequest http ? http : request;
        String peer = original.getRemoteAddr();
        if (header == Header.FORWARDED) {
            return resolveHops(peer, forwardedHops(Collections.list(original.getHeaders(FORWARDED))));
        }
        return resolve(peer, Collections.list(original.getHeaders(X_FORWARDED_FOR)));
    }

    /**
     * Resolves the client's address from the socket peer and the {@code X-Forwarded-For} header
     * values (several headers are one list, in order).
     *
     * @param peer          the socket peer's address
     * @param forwardedFor  the header values, empty when there is none
     * @return the client's address literal, or null when the peer's address is not a literal
     */
    public String resolve(String peer, List<String> forwardedFor) {
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.trim());
            }
        }
        return resolveHops(peer, hops);
    }

    /**
     * Resolves the client's address from the socket peer and the RFC 7239 {@code Forwarded}
     * header values (several headers are one list, in order).
     *
     * @param peer      the socket peer's address
     * @param forwarded the header values, empty when there is none
     * @return the client's address literal, or null when the peer's address is not a literal
     */
    public String resolveForwarded(String peer, List<String> forwarded) {
        return resolveHops(peer, forwardedHops(forwarded));
    }

    private String resolveHops(String peer, List<String> hops) {
        byte[] peerBytes = parse(peer);
        if (peerBytes == null) {
            return null;
        }
        if (hops.isEmpty() || !isTrusted(peerBytes)) {
            return peer;
        }
        String candidate = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            byte[] bytes = parse(hop);
            if (bytes == null) {
                return peer;
            }
            candidate = hop;
            if (!isTrusted(bytes)) {
                return hop;
            }
        }
        return candidate;
    }

    /**
     * The {@code for=} node of each element of RFC 7239 header values, as an address literal
     * where the node is one ({@code "[2001:db8::1]:4711"} gives {@code 2001:db8::1},
     * {@code 192.0.2.1:80} gives {@code 192.0.2.1}), else as written (an obfuscated
     * {@code _hidden}, {@code unknown}), or empty for an element without one: neither is a literal,
     * so the walk stops at the peer there.
     */
    static List<String> forwardedHops(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String value : values) {
            for (String element : splitOutsideQuotes(value, ',')) {
                String node = "";
                for (String pair : splitOutsideQuotes(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        node = unquote(pair.substring(equals + 1).trim());
                        break;
                    }
                }
                hops.add(nodeAddress(node));
            }
        }
        return hops;
    }

    private static String nodeAddress(String node) {
        var bracketed = IPV6_IN_BRACKETS.matcher(node);
        if (bracketed.matches()) {
            return bracketed.group(1);
        }
        var withPort = IPV4_WITH_PORT.matcher(node);
        return withPort.matches() ? withPort.group(1) : node;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"') {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return text;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c);
                c = text.charAt(++i);
            } else if (c == separator && !quoted) {
                parts.add(part.toString().trim());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString().trim());
        return parts;
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IPv4 or IPv6 literal (IPv6 with an optional zone) without resolving names. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        try {
            // in brackets the JDK parses an IPv6 literal or fails: it never looks the text up
            byte[] bytes = InetAddress.getByName("[" + address + "]").getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String entry) {
            if (entry == null) {
                throw new IllegalArgumentException("govaudit.web.trusted-proxies: an entry is null");
            }
            String text = entry.trim();
            int slash = text.indexOf('/');
            byte[] network = ClientAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("govaudit.web.trusted-proxies: \"" + entry
                        + "\" is not a CIDR of an IPv4 or IPv6 address literal");
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                String bits = text.substring(slash + 1);
                if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > network.length * 8) {
                    throw new IllegalArgumentException("govaudit.web.trusted-proxies: \"" + entry
                            + "\" has a prefix length outside 0-" + network.length * 8);
                }
                prefix = Integer.parseInt(bits);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
