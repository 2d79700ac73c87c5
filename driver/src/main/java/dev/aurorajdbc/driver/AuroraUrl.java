package dev.aurorajdbc.driver;

import dev.aurorajdbc.routing.HostAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code jdbc:aurora:} URL: {@code jdbc:aurora:postgresql://h1:5432,h2,[::1]:5433/db?a=1&b=2} or
 * {@code jdbc:aurora:mysql://user:password@h1,h2/db?a=1}. Immutable.
 *
 * <p>Syntax, following the native driver of each engine where they differ:
 * <ul>
 *   <li>{@code jdbc:aurora:} and the engine ({@code postgresql}, {@code mysql}) are case-insensitive; {@code //}
 *       must follow.</li>
 *   <li>Hosts are separated by commas; whitespace around a host is ignored (as Connector/J does); IPv6 literals
 *       go in brackets; a host without a port gets the engine's {@linkplain Engine#defaultPort() default port};
 *       duplicates are dropped, the first kept. At least one host is required.</li>
 *   <li>{@code user:password@} before the hosts only for MySQL (Connector/J accepts it, pgjdbc does not). The
 *       user info ends at the last {@code @} of the authority, so a raw {@code @} in a password works; a raw
 *       {@code /}, {@code ?} or {@code #} must be percent-encoded.</li>
 *   <li>The database follows the first {@code /} and may be empty. PostgreSQL rejects a second {@code /} (as
 *       pgjdbc does); MySQL keeps it in the name (as Connector/J does).</li>
 *   <li>Parameters follow {@code ?} as {@code key=value} pairs joined by {@code &}; empty pairs are skipped, a
 *       key without {@code =} gets the empty value, a repeated key keeps its first position and its last value.
 *       Keys are case-sensitive. PostgreSQL keys are taken as written (pgjdbc does not decode them); MySQL keys
 *       are trimmed and percent-decoded and may hold only letters, digits, {@code _ . -}, spaces and escapes
 *       (Connector/J's rule).</li>
 *   <li>The user info, database and values are percent-decoded as {@link java.net.URLDecoder} does ({@code +}
 *       is a space), strictly: a bad escape or invalid UTF-8 is an error, where the natives would guess.</li>
 *   <li>Everything from {@code #} on is ignored. Control characters are rejected anywhere.</li>
 * </ul>
 *
 * <p>Errors are {@link SQLException}s with SQLState {@code 08001} that name the offending part. No message and
 * no {@link #toString()} contains a password: values of parameters whose name contains {@code password},
 * {@code passwd} or {@code secret}, and values that themselves contain one of those words, are masked, and the
 * user-info password is never shown. A stray {@code @}
 * after the host list (a password with a raw {@code /}, {@code ?} or {@code #}) is refused without echoing
 * the text around it.
 */
public final class AuroraUrl {
    /** The prefix every URL of this driver starts with (compared ignoring case). */
    public static final String PREFIX = "jdbc:aurora:";

    /** What stands in for a secret in messages and {@code toString()}. */
    static final String MASK = "***";

    private static final int MAX_HOST_NAME = 253;

    private final Engine engine;
    private final List<HostAddress> hosts;
    private final String database;
    private final Map<String, String> parameters;
    private final String user;
    private final String password;

    private AuroraUrl(Engine engine, List<HostAddress> hosts, String database, Map<String, String> parameters,
                      String user, String password) {
        this.engine = engine;
        this.hosts = hosts;
        this.database = database;
        this.parameters = parameters;
        this.user = user;
        this.password = password;
    }

    /**
     * Whether the URL is meant for this driver at all: it starts with {@code jdbc:aurora:} in any case. A URL
     * that is ours may still fail to {@linkplain #parse(String) parse}.
     */
    public static boolean acceptsUrl(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses a {@code jdbc:aurora:} URL.
     *
     * @throws SQLException SQLState {@code 08001}, naming the offending part, when the URL is null, not ours,
     *                      names an unknown engine or is malformed
     */
    public static AuroraUrl parse(String url) throws SQLException {
        if (url == null) {
            throw error("the URL is null");
        }
        if (!acceptsUrl(url)) {
            throw error("'" + leadingScheme(url) + "…' is not a jdbc:aurora: URL; use jdbc:aurora:postgresql://… "
                    + "or jdbc:aurora:mysql://…");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw error("control character " + describe(c) + " at position " + i
                        + " (a stray line break or tab?)");
            }
        }
        String rest = url.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String scheme = colon < 0 ? rest : rest.substring(0, colon);
        if (scheme.isEmpty()) {
            throw error("no engine after 'jdbc:aurora:'; use jdbc:aurora:postgresql://… or jdbc:aurora:mysql://…");
        }
        Engine engine = Engine.fromScheme(scheme);
        if (engine == null) {
            // Up to the first character that could begin a secret: without ':' the scheme runs on into the rest
            // (jdbc:aurora:mysql//h/db?password=…).
            String shown = abbreviate(scheme.substring(0, indexOfAny(scheme, "/?@#;& ", 0)));
            if (Engine.fromScheme(shown) != null) {
                throw error("expected '://' and a host list after 'jdbc:aurora:" + shown + "'");
            }
            throw error("unknown engine '" + shown + "' in jdbc:aurora:" + shown
                    + ": use jdbc:aurora:postgresql://… or jdbc:aurora:mysql://…");
        }
        String prefix = "jdbc:aurora:" + engine.scheme() + ":";
        if (colon < 0 || !rest.startsWith("//", colon + 1)) {
            String more = engine == Engine.MYSQL
                    ? " (Connector/J's replication:, loadbalance: and srv forms are not supported: list the hosts;"
                    + " this driver routes by itself)"
                    : "";
            throw error("expected '//' and a host list after '" + prefix + "'" + more);
        }
        return parseBody(engine, rest.substring(colon + 3));
    }

    private static AuroraUrl parseBody(Engine engine, String body) throws SQLException {
        int authorityEnd = indexOfAny(body, "/?#", 0);
        String authority = body.substring(0, authorityEnd);
        if (authority.indexOf('@') < 0) {
            int at = body.indexOf('@', authorityEnd);
            if (at >= 0 && body.lastIndexOf('=', at) < authorityEnd) {
                throw error("'@' after the host list. If user info has a password with '/', '?' or '#', "
                        + "percent-encode them (%2F, %3F, %23); if the database name has '@', write %40");
            }
        }
        int hash = body.indexOf('#');
        if (hash >= 0) {
            body = body.substring(0, hash);
        }
        int question = body.indexOf('?');
        String hier = question < 0 ? body : body.substring(0, question);
        String query = question < 0 ? "" : body.substring(question + 1);
        int slash = hier.indexOf('/');
        String path = slash < 0 ? "" : hier.substring(slash + 1);

        String hostList = authority;
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            if (!engine.acceptsUserInfo()) {
                throw error("user info ('…@' before the host list) is not accepted for PostgreSQL (pgjdbc does "
                        + "not accept it): pass user and password as properties or as ?user=…&password=…");
            }
            String userInfo = authority.substring(0, at);
            hostList = authority.substring(at + 1);
            int c = userInfo.indexOf(':');
            String rawUser = c < 0 ? userInfo : userInfo.substring(0, c);
            user = percentDecode(rawUser);
            if (user == null) {
                throw error("malformed percent-encoding in the user name of the user info");
            }
            if (user.isEmpty()) {
                user = null;
            }
            if (c >= 0) {
                password = percentDecode(userInfo.substring(c + 1));
                if (password == null) {
                    throw error("malformed percent-encoding in the password of the user info (password not shown)");
                }
            }
        }
        List<HostAddress> hosts = parseHosts(hostList, engine.defaultPort());

        if (engine == Engine.POSTGRESQL && path.indexOf('/') >= 0) {
            throw error("database '" + path + "' contains '/': pgjdbc accepts one '/' after the hosts; "
                    + "percent-encode a '/' in the name as %2F");
        }
        String database = percentDecode(path);
        if (database == null) {
            throw error("malformed percent-encoding in database '" + path + "'");
        }
        Map<String, String> parameters = parseQuery(engine, query);
        return new AuroraUrl(engine, hosts, database, parameters, user, password);
    }

    private static List<HostAddress> parseHosts(String text, int defaultPort) throws SQLException {
        if (text.isBlank()) {
            throw error("no host in the URL: list at least one, e.g. //host:port/database");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean inBrackets = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            } else if (c == ',' && !inBrackets) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        Set<HostAddress> hosts = new LinkedHashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i).strip();
            if (part.isEmpty()) {
                throw error("empty host at position " + (i + 1) + " of the host list '" + text + "'");
            }
            hosts.add(parseHost(part, defaultPort));
        }
        return List.copyOf(hosts);
    }

    private static HostAddress parseHost(String text, int defaultPort) throws SQLException {
        if (text.indexOf('(') >= 0 || text.indexOf('=') >= 0) {
            throw error("host '" + text + "': Connector/J's address=(…) and (host=…,port=…) forms are not "
                    + "supported; write host:port");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw error("unclosed '[' in host '" + text + "'");
            }
            host = text.substring(1, close);
            if (host.indexOf(',') >= 0) {
                throw error("host sublists in brackets ('" + text + "') are not supported; separate hosts by "
                        + "commas, brackets are for IPv6 literals");
            }
            if (!isIpv6Literal(host)) {
                throw error("'" + host + "' in host '" + text + "' is not an IPv6 address; brackets are for "
                        + "IPv6 literals");
            }
            String after = text.substring(close + 1);
            if (after.isEmpty()) {
                portText = null;
            } else if (after.startsWith(":")) {
                portText = after.substring(1);
            } else {
                throw error("unexpected '" + after + "' after ']' in host '" + text + "'");
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw error("host '" + text + "' has more than one ':'; write an IPv6 address in brackets, e.g."
                        + " [::1]:port");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
            checkHostName(host, text);
        }
        int port = portText == null ? defaultPort : port(portText, text);
        try {
            return HostAddress.of(host, port);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage()); // unreachable after the checks above; kept as a SQLException anyway
        }
    }

    private static void checkHostName(String host, String text) throws SQLException {
        if (host.isEmpty()) {
            throw error("missing host name in '" + text + "'");
        }
        if (host.length() > MAX_HOST_NAME) {
            throw error("host name '" + abbreviate(host) + "' is longer than " + MAX_HOST_NAME + " characters");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                String hint = c > 0x7f ? " (write internationalized names in their xn-- form)" : "";
                throw error("invalid character " + describe(c) + " in host '" + text + "'" + hint);
            }
        }
        if (host.startsWith(".") || host.contains("..")) {
            throw error("empty label in host name '" + host + "'");
        }
    }

    private static int port(String digits, String text) throws SQLException {
        if (digits.isEmpty()) {
            throw error("missing port after ':' in host '" + text + "'");
        }
        if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error("invalid port '" + digits + "' in host '" + text + "'");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw error("port " + port + " in host '" + text + "' is outside 1-65535");
        }
        return port;
    }

    /** An IPv6 address in text form (RFC 4291 section 2.2), with an optional {@code %zone}. */
    static boolean isIpv6Literal(String text) {
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            String zone = text.substring(percent + 1);
            if (zone.isEmpty() || !zone.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '~')) {
                return false;
            }
            address = text.substring(0, percent);
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        List<String> groups = new ArrayList<>();
        if (gap < 0) {
            Collections.addAll(groups, address.split(":", -1));
        } else {
            String head = address.substring(0, gap);
            String tail = address.substring(gap + 2);
            if (!head.isEmpty()) {
                Collections.addAll(groups, head.split(":", -1));
            }
            if (!tail.isEmpty()) {
                Collections.addAll(groups, tail.split(":", -1));
            }
        }
        int words = 0;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            boolean last = i == groups.size() - 1 && (gap < 0 || !address.endsWith("::"));
            if (last && g.indexOf('.') >= 0) {
                if (!isIpv4(g)) {
                    return false;
                }
                words += 2;
            } else if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> hex(c) >= 0)) {
                return false;
            } else {
                words++;
            }
        }
        return gap < 0 ? words == 8 : words <= 7;
    }

    private static boolean isIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> parseQuery(Engine engine, String query) throws SQLException {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return Collections.unmodifiableMap(parameters);
        }
        for (String token : query.split("&", -1)) {
            if (token.isEmpty() || engine == Engine.MYSQL && token.isBlank()) {
                continue;
            }
            int eq = token.indexOf('=');
            String rawKey = eq < 0 ? token : token.substring(0, eq);
            String rawValue = eq < 0 ? "" : token.substring(eq + 1);
            String key = rawKey;
            if (engine == Engine.MYSQL) {
                for (int i = 0; i < rawKey.length(); i++) {
                    char c = rawKey.charAt(i);
                    boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                            || c == '_' || c == '.' || c == '-' || c == '%' || c == ' ';
                    if (!ok) {
                        throw error("invalid character " + describe(c) + " in the name of URL parameter '"
                                + rawKey + "' (Connector/J allows letters, digits, _ . - and %-escapes)");
                    }
                }
                key = percentDecode(rawKey.strip()); // Connector/J trims before decoding
                if (key == null) {
                    throw error("malformed percent-encoding in the name of URL parameter '" + rawKey + "'");
                }
            }
            if (key.isBlank()) {
                throw error("a URL parameter has an empty name ('=' right after '?' or '&')");
            }
            String value = percentDecode(rawValue);
            if (value == null) {
                throw error("malformed percent-encoding in the value of URL parameter '" + key + "'"
                        + (mustMask(key, rawValue) ? "" : ": '" + rawValue + "'"));
            }
            parameters.put(key, value);
        }
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Decodes {@code %XX} escapes (as UTF-8) and {@code +} (a space), as {@link java.net.URLDecoder} does, but
     * strictly.
     *
     * @return the decoded text, or {@code null} when an escape is malformed or the bytes are not UTF-8
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = hex(text.charAt(i + 1));
                int lo = hex(text.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 3;
                continue;
            }
            if (bytes.size() > 0 && !flush(bytes, out)) {
                return null;
            }
            out.append(c == '+' ? ' ' : c);
            i++;
        }
        if (bytes.size() > 0 && !flush(bytes, out)) {
            return null;
        }
        return out.toString();
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, which accepts any script's digits). */
    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean flush(ByteArrayOutputStream bytes, StringBuilder out) {
        try {
            out.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())));
            bytes.reset();
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Whether a parameter or property of this name holds a secret whose value must never be shown: its name
     * contains {@code password}, {@code passwd} or {@code secret}, in any case ({@code password},
     * {@code sslpassword}, Connector/J's {@code password1}, {@code trustCertificateKeyStorePassword}, …).
     */
    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("secret");
    }

    /**
     * Whether a message or {@code toString()} must mask a parameter's value: when the parameter holds a secret or
     * the value itself names one. The second catches a mistyped separator:
     * {@code ?ssl=true?password=x} parses, as with the native drivers, as {@code ssl} with the value
     * {@code true?password=x}, which carries the password.
     */
    static boolean mustMask(String key, String value) {
        return isSecretKey(key) || isSecretKey(value);
    }

    /** A copy of {@code map} for display, with secret values masked ({@link #mustMask}). */
    static Map<String, String> masked(Map<String, String> map) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            shown.put(e.getKey(), mustMask(e.getKey(), e.getValue()) ? MASK : e.getValue());
        }
        return shown;
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * The start of a URL that is not ours, up to the first character that could begin a secret. When an {@code @} comes
     * before the first {@code /}, {@code ?} or {@code #}, user info may precede it without {@code //}
     * ({@code jdbc:auroramysql:user:password@host}, {@code user:password@host}): then no further than the second
     * {@code :}, or the first when there is one only.
     */
    private static String leadingScheme(String url) {
        int end = Math.min(indexOfAny(url, "/?@#;& ", 0), 40);
        int at = url.indexOf('@');
        if (at >= 0 && at < indexOfAny(url, "/?#", 0)) {
            int first = url.indexOf(':');
            int second = first < 0 ? -1 : url.indexOf(':', first + 1);
            int schemeEnd = second >= 0 && second < at ? second + 1 : first >= 0 && first < at ? first + 1 : 0;
            end = Math.min(end, schemeEnd);
        }
        return url.substring(0, end);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private static SQLException error(String message) {
        return new SQLException("Invalid jdbc:aurora: URL: " + message, SqlStates.UNABLE_TO_CONNECT);
    }

    /** The engine named after {@code jdbc:aurora:}. */
    public Engine engine() {
        return engine;
    }

    /** The hosts, in URL order, without duplicates; never empty. */
    public List<HostAddress> hosts() {
        return hosts;
    }

    /** The database, percent-decoded; empty when the URL names none (the server's default applies). */
    public String database() {
        return database;
    }

    /**
     * The URL parameters, decoded, in the order of their first appearance (a repeated key keeps its last
     * value). Unmodifiable. Includes the parameters the driver owns ({@link AuroraProperty}); see
     * {@link AuroraConfig} for the split.
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The user name from {@code user:password@} before the hosts (MySQL only), if given and not empty. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password from {@code user:password@} before the hosts (MySQL only; may be empty), if given. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The parsed URL for logs and messages, secrets masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AuroraUrl[engine=").append(engine.scheme())
                .append(", hosts=").append(hosts)
                .append(", database=").append(database);
        if (user != null) {
            sb.append(", user=").append(user);
        }
        if (password != null) {
            sb.append(", password=").append(MASK);
        }
        return sb.append(", parameters=").append(masked(parameters)).append(']').toString();
    }
}
