package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a name a self-managed server reports for another node (a replica's {@code application_name} or
 * {@code report_host}, a replication connection's source address, the host a replica streams from) into the
 * address clients reach that node at — or nothing. The rule:
 * <ol>
 *   <li>a configured host (the URL's) with that host name or IP literal, compared as text, case-insensitively: if
 *       several configured hosts share it, the one whose port is the reported port, if exactly one is; otherwise
 *       nothing (ambiguous);</li>
 *   <li>else, with an instance host pattern: the name itself if it is an address under the pattern, else the
 *       pattern's address for the name taken as an instance id; with the pattern's port or the URL's;</li>
 *   <li>else nothing.</li>
 * </ol>
 * A reported port is never a client port: servers report the port they listen on, which a proxy, a pooler or NAT
 * may hide from clients. No name is looked up in DNS. Immutable.
 */
final class ReportedAddresses {
    private final List<HostAddress> configured;
    private final InstanceHostPattern pattern;
    private final int defaultPort;

    /**
     * @param configured  the hosts the application configured (the URL's)
     * @param pattern     the instance host pattern, or {@code null}
     * @param defaultPort the port of addresses made through a pattern without one (the URL's)
     */
    ReportedAddresses(List<HostAddress> configured, InstanceHostPattern pattern, int defaultPort) {
        this.configured = List.copyOf(configured);
        this.pattern = pattern;
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("port " + defaultPort + " is outside 1-65535");
        }
        this.defaultPort = defaultPort;
    }

    /**
     * The client address of what a server reported, if the rule above gives one.
     *
     * @param name the reported host name, IP literal or node name; {@code null} or blank gives nothing
     * @param port the reported port, or -1; used only to tell configured hosts on one host apart
     */
    Optional<HostAddress> resolve(String name, int port) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String host = name.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        List<HostAddress> sameHost = new ArrayList<>(2);
        for (HostAddress a : configured) {
            if (a.host().equals(host)) {
                sameHost.add(a);
            }
        }
        if (sameHost.size() == 1) {
            return Optional.of(sameHost.get(0));
        }
        if (sameHost.size() > 1) {
            HostAddress match = null;
            for (HostAddress a : sameHost) {
                if (a.port() == port) {
                    if (match != null) {
                        return Optional.empty();
                    }
                    match = a;
                }
            }
            return Optional.ofNullable(match);
        }
        if (pattern == null) {
            return Optional.empty();
        }
        HostAddress asAddress = HostAddress.of(host, pattern.port().orElse(defaultPort));
        if (pattern.matches(asAddress)) {
            return Optional.of(asAddress);
        }
        return pattern.rejection(host) == null ? Optional.of(pattern.address(host, defaultPort)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "configured hosts " + configured + (pattern == null ? "" : ", instance host pattern " + pattern);
    }
}
