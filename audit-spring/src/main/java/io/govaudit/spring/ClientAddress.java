package io.govaudit.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the client's address for {@code where.ip}: the socket peer, unless the peer is one of
 * the trusted proxies, in which case the right-most {@code X-Forwarded-For} entry that is not a
 * trusted proxy. A header from any other peer is ignored (it is the client's own claim). Only
 * address literals are read: no name is ever resolved. An entry that is not one IPv4 or IPv6
 * literal (a port, brackets, a host name, garbage) makes the resolver fall back to the peer.
 *
 * <p>Thread-safe: immutable.
 *
 * @since 0.1.0
 */
public final class ClientAddress {

    /** The header read from trusted proxies. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9._-]{1,32})?");

    private final List<Cidr> trusted;

    /**
     * Creates a resolver.
     *
     * @param trustedProxies CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses; none
     *                       null
     * @throws IllegalArgumentException naming the entry when one is not a CIDR of address literals
     */
    public ClientAddress(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            parsed.add(Cidr.parse(entry));
        }
        this.trusted = Collections.unmodifiableList(parsed);
    }

    /**
     * Resolves the client's address of a request.
     *
     * @param request the request
     * @return the client's address literal, or null when the peer's address is not a literal
     */
    public String resolve(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(X_FORWARDED_FOR)));
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
        byte[] peerBytes = parse(peer);
        if (peerBytes == null) {
            return null;
        }
        if (forwardedFor.isEmpty() || !isTrusted(peerBytes)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop.trim());
            }
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
