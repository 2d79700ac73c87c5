package dev.aurorajdbc.routing;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Maps the instance ids a cluster reports to the addresses clients reach them at, through a pattern with exactly
 * one {@code ?}: {@code ?.cxyz.us-east-1.rds.amazonaws.com} maps instance {@code db-2} to
 * {@code db-2.cxyz.us-east-1.rds.amazonaws.com}; {@code 10.0.7.?} maps instance {@code 12} to {@code 10.0.7.12}. The
 * pattern may end with a port ({@code ?.db.internal:6432}); without one the caller's port (the URL's) is used.
 *
 * <p>This is the guard that keeps a misconfigured or compromised server from sending the driver anywhere: only ids
 * that are plain host-name labels map — ASCII letters, digits and inner hyphens, at most 63 characters — so no id
 * can add a label, a port, a user or a path, and when the pattern is a dotted IPv4 address only ids 0–255 map.
 * The pattern itself must name a host: letters, digits, hyphens and dots, no IPv6 literal, and not an RDS cluster
 * or proxy endpoint (those name a whole cluster, never an instance). Host names compare case-insensitively.
 * Immutable.
 */
public final class InstanceHostPattern {
    /** The longest DNS label. */
    private static final int MAX_LABEL = 63;
    private static final String[] RDS_SUFFIXES = {".rds.amazonaws.com", ".rds.amazonaws.com.cn"};
    private static final String[] RDS_ENDPOINT_PREFIXES = {"cluster-custom-", "cluster-ro-", "cluster-", "proxy-"};

    private final String text;
    private final String prefix;
    private final String suffix;
    private final int port;
    private final boolean ipv4;

    private InstanceHostPattern(String text, String prefix, String suffix, int port, boolean ipv4) {
        this.text = text;
        this.prefix = prefix;
        this.suffix = suffix;
        this.port = port;
        this.ipv4 = ipv4;
    }

    /**
     * Parses a pattern such as {@code ?.cxyz.us-east-1.rds.amazonaws.com}, {@code db-?.internal:6432} or
     * {@code 10.0.7.?}.
     *
     * @throws IllegalArgumentException naming the pattern and what is wrong with it
     */
    public static InstanceHostPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        String host = pattern;
        int port = -1;
        int colon = pattern.lastIndexOf(':');
        if (pattern.indexOf('[') >= 0 || pattern.indexOf(']') >= 0 || colon != pattern.indexOf(':')) {
            throw invalid(pattern, "IPv6 literals are not supported; use a host name pattern");
        }
        if (colon >= 0) {
            host = pattern.substring(0, colon);
            port = parsePort(pattern, pattern.substring(colon + 1));
        }
        int q = host.indexOf('?');
        if (q < 0) {
            throw invalid(pattern, "it has no '?' to stand for the instance id");
        }
        if (host.indexOf('?', q + 1) >= 0) {
            throw invalid(pattern, "it has more than one '?'");
        }
        if (host.length() == 1) {
            throw invalid(pattern, "'?' alone would accept any host name a server reports; give the domain, e.g. "
                    + "?.cluster-domain.example");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(isLetterOrDigit(c) || c == '-' || c == '.' || c == '?')) {
                throw invalid(pattern, "'" + printable(c) + "' cannot be part of a host name");
            }
        }
        String lower = host.toLowerCase(Locale.ROOT);
        String[] labels = lower.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw invalid(pattern, "it has an empty label (a leading, trailing or doubled '.')");
            }
            if (label.length() > MAX_LABEL) {
                throw invalid(pattern, "the label '" + label + "' is longer than " + MAX_LABEL + " characters");
            }
        }
        rejectRdsClusterEndpoint(pattern, lower, labels);
        return new InstanceHostPattern(pattern, lower.substring(0, q), lower.substring(q + 1), port, isIpv4(labels));
    }

    /**
     * The pattern of the instances behind an RDS endpoint, as Aurora clients derive it:
     * {@code mydb.cluster-cxyz.us-east-1.rds.amazonaws.com} (or {@code cluster-ro-}, {@code cluster-custom-},
     * {@code proxy-}, or an instance endpoint) gives {@code ?.cxyz.us-east-1.rds.amazonaws.com}. Empty when the host
     * is not an RDS endpoint (an IP address, a custom domain): then the pattern must be configured.
     */
    public static Optional<InstanceHostPattern> forRdsEndpoint(String host) {
        String h = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        for (String suffix : RDS_SUFFIXES) {
            if (!h.endsWith(suffix)) {
                continue;
            }
            String[] labels = h.substring(0, h.length() - suffix.length()).split("\\.", -1);
            if (labels.length != 3 || labels[0].isEmpty() || labels[2].isEmpty()) {
                return Optional.empty(); // not <name>.<domain id>.<region>
            }
            String domain = labels[1];
            for (String p : RDS_ENDPOINT_PREFIXES) {
                if (domain.startsWith(p)) {
                    domain = domain.substring(p.length());
                    break;
                }
            }
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(parse("?." + domain + "." + labels[2] + suffix));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code host} is an RDS cluster's reader endpoint ({@code mydb.cluster-ro-cxyz.us-east-1.rds.amazonaws.com}):
     * connections through it are meant for the replicas.
     */
    public static boolean isRdsReaderEndpoint(String host) {
        String h = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        for (String suffix : RDS_SUFFIXES) {
            if (h.endsWith(suffix)) {
                String[] labels = h.substring(0, h.length() - suffix.length()).split("\\.", -1);
                return labels.length == 3 && !labels[0].isEmpty() && labels[1].startsWith("cluster-ro-")
                        && labels[1].length() > "cluster-ro-".length();
            }
        }
        return false;
    }

    /**
     * The address of instance {@code instanceId}: the pattern with the id in place of {@code ?}, and the pattern's
     * port, or {@code defaultPort} when the pattern has none.
     *
     * @throws IllegalArgumentException when the id does not map ({@link #rejection}), naming the id and the pattern
     */
    public HostAddress address(String instanceId, int defaultPort) {
        String why = rejection(instanceId);
        if (why != null) {
            throw new IllegalArgumentException("instance id '" + printable(String.valueOf(instanceId))
                    + "' does not map through the instance host pattern '" + text + "': " + why);
        }
        return HostAddress.of(prefix + instanceId.toLowerCase(Locale.ROOT) + suffix, port >= 0 ? port : defaultPort);
    }

    /**
     * Why {@code instanceId} does not map through this pattern, or {@code null} when it does: it must be 1–63
     * ASCII letters, digits and hyphens, not beginning or ending with a hyphen, and 0–255 without leading zeros when
     * the pattern is an IPv4 address.
     */
    public String rejection(String instanceId) {
        if (instanceId == null || instanceId.isEmpty()) {
            return "it is empty";
        }
        if (instanceId.length() > MAX_LABEL) {
            return "it is longer than " + MAX_LABEL + " characters";
        }
        for (int i = 0; i < instanceId.length(); i++) {
            char c = instanceId.charAt(i);
            if (!(isLetterOrDigit(c) || c == '-')) {
                return "it contains '" + printable(c) + "', which cannot be part of a host name label";
            }
        }
        if (instanceId.charAt(0) == '-' || instanceId.charAt(instanceId.length() - 1) == '-') {
            return "it begins or ends with '-'";
        }
        if (ipv4 && !isOctet(instanceId)) {
            return "the pattern is an IPv4 address, and the id is not a number from 0 to 255";
        }
        return null;
    }

    /**
     * The instance id that {@code address} stands for under this pattern: its host with the pattern's text around
     * {@code ?} removed. Empty when the host does not have that shape, the rest is not a valid id
     * ({@link #rejection}), or the pattern has a port and the address another one.
     */
    public Optional<String> instanceId(HostAddress address) {
        String host = address.host();
        if (port >= 0 && address.port() != port || host.length() <= prefix.length() + suffix.length()
                || !host.startsWith(prefix) || !host.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = host.substring(prefix.length(), host.length() - suffix.length());
        return rejection(id) == null ? Optional.of(id) : Optional.empty();
    }

    /** Whether {@code address} is the address of some instance under this pattern ({@link #instanceId}). */
    public boolean matches(HostAddress address) {
        return instanceId(address).isPresent();
    }

    /** The pattern's own port, when it has one. */
    public OptionalInt port() {
        return port >= 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceHostPattern other && other.prefix.equals(prefix) && other.suffix.equals(suffix)
                && other.port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, suffix, port);
    }

    /** The pattern as it was given. */
    @Override
    public String toString() {
        return text;
    }

    private static int parsePort(String pattern, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(pattern, "invalid port '" + digits + "'");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw invalid(pattern, "port " + port + " is outside 1-65535");
        }
        return port;
    }

    private static void rejectRdsClusterEndpoint(String pattern, String lower, String[] labels) {
        for (String suffix : RDS_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                for (String label : labels) {
                    for (String p : RDS_ENDPOINT_PREFIXES) {
                        if (label.startsWith(p)) {
                            throw invalid(pattern, "'" + label + "' makes it a cluster or proxy endpoint, which names "
                                    + "a whole cluster; the pattern must name instance endpoints, e.g. "
                                    + "?." + label.substring(p.length()) + "." + lower.substring(lower.indexOf(label)
                                    + label.length() + 1));
                        }
                    }
                }
            }
        }
    }

    /** Four labels, one of them exactly {@code ?} and the others 0–255: an IPv4 address pattern. */
    private static boolean isIpv4(String[] labels) {
        if (labels.length != 4) {
            return false;
        }
        boolean wildcard = false;
        for (String label : labels) {
            if (label.equals("?")) {
                wildcard = true;
            } else if (!isOctet(label)) {
                return false;
            }
        }
        return wildcard;
    }

    private static boolean isOctet(String s) {
        if (s.isEmpty() || s.length() > 3 || s.length() > 1 && s.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s) <= 255;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** A character as a message can show it: control characters and whitespace by their code. */
    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c)
                : String.valueOf(c);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 100);
        for (int i = 0; i < n; i++) {
            b.append(printable(s.charAt(i)));
        }
        return s.length() > n ? b.append("...").toString() : b.toString();
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("invalid instance host pattern '" + printable(pattern) + "': " + why);
    }
}
