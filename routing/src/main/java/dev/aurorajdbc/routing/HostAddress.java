package dev.aurorajdbc.routing;

import java.util.Locale;
import java.util.Objects;

/**
 * A database host's address: a host name or IP literal and a port. Immutable; host names compare
 * case-insensitively (DNS names are), IPv6 literals are kept without brackets and printed with them.
 */
public final class HostAddress {
    private final String host;
    private final int port;

    private HostAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * @throws IllegalArgumentException when the host is empty or the port is outside 1–65535
     */
    public static HostAddress of(String host, int port) {
        Objects.requireNonNull(host, "host");
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of host " + h + " is outside 1-65535");
        }
        // DNS names and IPv6 hex digits compare case-insensitively; an IPv6 zone id (an interface name) does not.
        int zone = h.indexOf('%');
        String normalized = zone < 0 ? h.toLowerCase(Locale.ROOT) : h.substring(0, zone).toLowerCase(Locale.ROOT) + h.substring(zone);
        return new HostAddress(normalized, port);
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; a bare IPv6 literal
     * ({@code ::1}) is taken whole, with the default port.
     *
     * @throws IllegalArgumentException naming the offending text
     */
    public static HostAddress parse(String text, int defaultPort) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in host '" + text + "'");
            }
            String rest = t.substring(close + 1);
            if (rest.isEmpty()) {
                return of(t.substring(1, close), defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']' in host '" + text + "'");
            }
            return of(t.substring(1, close), port(rest.substring(1), text));
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            return of(t, defaultPort);
        }
        if (t.indexOf(':', colon + 1) >= 0) {
            return of(t, defaultPort); // a bare IPv6 literal: no port can be told apart
        }
        return of(t.substring(0, colon), port(t.substring(colon + 1), text));
    }

    private static int port(String digits, String text) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port '" + digits + "' in host '" + text + "'");
        }
        return Integer.parseInt(digits);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the host is an IPv6 literal. */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostAddress other && other.port == port && other.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    /** {@code host:port}, IPv6 literals in brackets. */
    @Override
    public String toString() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }
}
