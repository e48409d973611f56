package io.govaudit;

/**
 * Where the event happened: the record's {@code where} member.
 *
 * <p>{@code system} and {@code host} default to the values the trail was built with, so an
 * application normally sets only what varies per request: the client {@code ip}, the operation
 * {@code op} (a function name or {@code METHOD /path}) and the user agent {@code ua}.
 *
 * <p>{@code ip} must be one IPv4 or IPv6 address literal: {@code 10.1.2.3}, {@code 2001:db8::7},
 * IPv4-mapped {@code ::ffff:10.1.2.3}, link-local with a zone {@code fe80::1%eth0}. Host names,
 * ports, brackets and lists such as an {@code X-Forwarded-For} header ({@code 10.1.2.3, 10.0.0.1})
 * are rejected, never guessed at: pass the one client address your proxy configuration makes
 * trustworthy. Nothing is ever looked up in DNS. Leading zeros ({@code 010.1.2.3}) are rejected
 * because some parsers read them as octal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param system the information system's name, or null for the trail's default
 * @param host   the host that recorded the event, or null for the trail's default
 * @param node   the cluster node or instance, or null
 * @param ip     the client's address as an IPv4 or IPv6 literal, or null
 * @param op     the function or {@code METHOD /path}, or null
 * @param ua     the client's user agent, or null
 * @since 0.1.0
 */
public record Location(String system, String host, String node, String ip, String op, String ua) {

    private static final Location EMPTY = new Location(null, null, null, null, null, null);

    /**
     * Validates the members; every member may be null.
     *
     * @throws AuditRecordRejectedException naming {@code where.ip} when the address is not one
     *         IPv4 or IPv6 literal (see the class description)
     */
    public Location {
        if (ip != null && !IpLiterals.isIpLiteral(ip)) {
            throw new AuditRecordRejectedException("where.ip", "must be one IPv4 or IPv6 address literal "
                    + "(no host name, port, brackets or list such as X-Forwarded-For), was " + Checks.quote(ip));
        }
    }

    /**
     * Returns a location where every member takes the trail's default.
     *
     * @return the empty location
     */
    public static Location defaults() {
        return EMPTY;
    }

    /**
     * Returns a copy with the client address set.
     *
     * @param ip the client's address as an IPv4 or IPv6 literal, or null to unset it
     * @return a new location
     * @throws AuditRecordRejectedException naming {@code where.ip} when the address is not one
     *         IPv4 or IPv6 literal (see the class description)
     */
    public Location withIp(String ip) {
        return new Location(system, host, node, ip, op, ua);
    }

    /**
     * Returns a copy with the operation set.
     *
     * @param op the function or {@code METHOD /path}
     * @return a new location
     */
    public Location withOp(String op) {
        return new Location(system, host, node, ip, op, ua);
    }

    /**
     * Returns a copy with the user agent set.
     *
     * @param ua the user agent
     * @return a new location
     */
    public Location withUa(String ua) {
        return new Location(system, host, node, ip, op, ua);
    }

    /**
     * Returns a copy with the node set.
     *
     * @param node the cluster node or instance
     * @return a new location
     */
    public Location withNode(String node) {
        return new Location(system, host, node, ip, op, ua);
    }

    /**
     * Returns this location with missing {@code system} and {@code host} taken from the defaults.
     *
     * @param defaultSystem the trail's system name, may be null
     * @param defaultHost   the trail's host name, may be null
     * @return a location with defaults applied
     * @since 0.1.0
     */
    public Location withDefaults(String defaultSystem, String defaultHost) {
        if (system != null && host != null) {
            return this;
        }
        return new Location(system != null ? system : defaultSystem,
                host != null ? host : defaultHost, node, ip, op, ua);
    }
}
