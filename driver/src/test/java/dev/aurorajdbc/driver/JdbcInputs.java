package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.Fuzz.Gen;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Generates what an application hands {@code Driver.connect}: {@code jdbc:aurora:} URLs (host lists, IPv6 brackets,
 * ports, user info, databases, percent-encoding, the driver's own and native parameters with good and bad values,
 * garbage, very long parts), mutated or not, and {@link Properties} (non-String keys and values, defaults, null). Most
 * parts are well formed most of the time, so that a fair share of the URLs get through parsing to the properties. A
 * password always starts with {@link #SECRET}, so that a test can look for it in every message.
 */
final class JdbcInputs {
    /** The start of every generated password: no message and no {@code toString()} may contain it. */
    static final String SECRET = "Zq7PwSecret";

    private static final String LABEL = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String DELIMITERS = ":/?#[]@!$&'()*+,;=%\\\"<>{}|^` \t\r\n\u0000\u007f";
    private static final List<String> OURS = new ArrayList<>();
    private static final List<String> NEAR = new ArrayList<>(List.of("readWriteSpliting", "readerStratgy", "conectTimeoutMs",
            "connectTimeoutMS", "failovertimeoutms"));
    private static final List<String> NATIVE = List.of("user", "USER", "password", "Password", "sslpassword",
            "trustCertificateKeyStorePassword", "ssl", "sslmode", "connectTimeout", "socketTimeout", "loginTimeout", "ApplicationName",
            "currentSchema", "options", "useSSL", "sslMode", "allowPublicKeyRetrieval", "characterEncoding", "tcpKeepAlive",
            "prepareThreshold", "readOnly", "autoReconnect", "host", "port", "dbname", "PGHOST", "PGPORT", "PGDBNAME", "targetServerType",
            "loadBalanceHosts", "user%20", "pass%77ord", "secretKey", "a.b-c_d", "x y");
    private static final List<String> WORDS = List.of("true", "false", "TRUE", "False", "yes", "1", "0", "on", "auto", "static",
            "AUTO", "aurora-postgresql", "aurora-mysql", "postgresql-streaming", "mysql-replication", "round-robin", "random",
            "least-lag", "ROUND-ROBIN", "writer", "wait", "WAIT", "none", "information_schema", "mysql", "1abc", "a$b", "a;drop",
            "?.c.example.com", "127.0.0.?", "??", "?", "h.?.?", "[::1]", "*.x", "disable", "require", "verify-full", "prefer", "UTF-8",
            "-c search_path=x", "", " ", "  x  ");
    private static final List<String> ODD_NUMBERS = List.of("2147483647", "2147483648", "9999999999", "99999999999", "-2147483649",
            "9223372036854775808", "1e3", " 100 ", "0x10", "+5", "1_000", "١٢٣", "１２３", "100ms", "1.5", "-0", "00000000010");
    private static final List<String> ODD_HOSTS = List.of("localhost", "[::1]", "[::]", "[", "]", "[::1", "::1", "h o s t", "hést",
            "xn--hst-bma", "ho(st)", "address=(host=h)(port=1)", "a=b", ".h", "h..x", "h.", "-h", "_", "[h]", "[::1]x", "[::1]:",
            "[1::2::3]", "a".repeat(254), "a".repeat(253), "\u0000h", "h\t", "%68", "h%2C", "h;x", "h@x", "h\\x", "💥");
    private static final List<String> ODD_PORTS = List.of(":0", ":65536", ":99999", ":", ":abc", ":-1", ":007", ":123456", ":5432 ",
            ": 5432", ":2147483648", ":٣٣٠٦", ":+5", ":1:2", ":0x10");
    private static final List<String> ODD_DATABASES = List.of("my%20db", "a%2Fb", "a/b", "a+b", "d%zz", "d%", "d%C3", "d%C3%28", "dü",
            "d@x", "d%40x", "d;x=1", "%00", "d b", "./..", "💥", "d\\x");
    /** Very long text, built once. */
    private static final String HUGE = "x".repeat(100_000);

    static {
        for (AuroraProperty p : AuroraProperty.values()) {
            String n = p.propertyName();
            OURS.add(n);
            NEAR.addAll(List.of(n.toLowerCase(Locale.ROOT), n.toUpperCase(Locale.ROOT), n.substring(0, n.length() - 1), n.substring(1),
                    n + "s", " " + n + " ", n.replace('e', 'a')));
        }
    }

    private JdbcInputs() {
    }

    /** One generated input; its {@code toString()} is Java-escaped, to be pasted into a test. */
    record Input(String url, Properties info, boolean mutated) {
        @Override
        public String toString() {
            String shown = url.length() > 3_000 ? url.substring(0, 3_000) + "…(" + url.length() + " chars)" : url;
            return "url " + escape(shown) + ", info " + describe(info) + (mutated ? ", mutated" : "");
        }
    }

    /** Any input: a URL built from parts, sometimes mutated afterwards, and properties. */
    static Input any(Gen g) {
        String url = prefix(g) + engine(g) + slashes(g) + userInfo(g) + hostList(g) + database(g) + query(g) + fragment(g);
        String mutated = g.oneIn(8) ? mutate(g, url) : url;
        return new Input(mutated, properties(g), !mutated.equals(url));
    }

    /**
     * An input whose hosts all refuse at once on this machine ({@code 127.0.0.1}, {@code 127.0.0.2}, {@code [::1]} and
     * {@code localhost} on {@code closedPort}, {@code 127.0.0.1:1}): a connect fails without waiting for a timeout and
     * resolves no name outside {@code /etc/hosts}. Not mutated, so that no host becomes a real name.
     */
    static Input refusing(Gen g, int closedPort) {
        String engine = g.of("postgresql", "mysql", "PostgreSQL", "MYSQL");
        List<String> hosts = new ArrayList<>();
        for (int i = g.between(1, 3); i > 0; i--) {
            hosts.add(g.of("127.0.0.1:" + closedPort, "127.0.0.2:" + closedPort, "[::1]:" + closedPort, "localhost:" + closedPort,
                    "127.0.0.1:1", " 127.0.0.1:" + closedPort + " "));
        }
        String user = engine.equalsIgnoreCase("mysql") ? userInfo(g) : "";
        String url = "jdbc:aurora:" + engine + "://" + user + String.join(",", hosts) + database(g) + query(g) + fragment(g);
        return new Input(url, properties(g), false);
    }

    // ---- URLs

    private static String prefix(Gen g) {
        return g.weighted(200, "jdbc:aurora:", 1, "JDBC:AURORA:", 1, "jdbc:Aurora:", 1, "jdbc:aurora", 1, "jdbc:auror:", 1, "jdbc:",
                1, "", 1, "jdbc:aurora:jdbc:aurora:");
    }

    private static String engine(Gen g) {
        return g.weighted(100, "postgresql", 100, "mysql", 2, "PostgreSQL", 2, "MySQL", 1, "postgres", 1, "mariadb", 1, "oracle", 1, "",
                1, "mysql:replication", 1, "mysql:loadbalance", 1, "mysql+srv", 1, "postgresql:");
    }

    private static String slashes(Gen g) {
        return g.weighted(200, "://", 1, ":/", 1, ":", 1, ":///", 1, "//", 1, ":\\\\");
    }

    /** {@code user:password@} (Connector/J's form; refused for PostgreSQL), or nothing. */
    private static String userInfo(Gen g) {
        if (!g.oneIn(6)) {
            return "";
        }
        String user = g.weighted(20, "app", 1, "", 1, "us%65r", 1, "us%zzer", 1, "us+er", 1, "ü", 1, "a:b");
        if (g.oneIn(3)) {
            return user + "@";
        }
        String tail = g.weighted(10, "", 1, "@x", 1, "%2F%3F%23", 1, "%zz", 1, "%", 1, "%C3", 1, "+ :", 1, "@@", 1, "%40host");
        return user + ":" + SECRET + tail + "@";
    }

    private static String hostList(Gen g) {
        int kind = g.weighted(200, 0, 1, 1, 1, 2, 1, 3, 1, 4);
        if (kind == 1) {
            return "";
        }
        int count = kind == 2 ? g.between(20, 100) : g.weighted(10, 1, 4, 2, 2, 3, 1, 4, 1, 5);
        List<String> hosts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hosts.add(host(g));
        }
        String list = String.join(",", hosts);
        return kind == 3 ? list + "," : kind == 4 ? "," + list : list;
    }

    private static String host(Gen g) {
        String address = switch (g.pick(40, 6, 8, 2, 2)) {
            case 0 -> hostName(g);
            case 1 -> g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(0, 255);
            case 2 -> "[" + ipv6(g) + "]";
            case 3 -> "[" + brokenIpv6(g) + "]";
            default -> g.weighted(1, g.of(ODD_HOSTS), 1, g.between(0, 300) + "." + g.between(0, 300) + "." + g.between(0, 9) + "."
                    + g.between(0, 999));
        };
        String port = g.weighted(12, "", 12, ":" + g.between(1, 65_535), 1, g.of(ODD_PORTS));
        String pad = g.weighted(100, "", 1, " ", 1, "  ", 1, "\u00a0");
        return pad + address + port + g.weighted(100, "", 1, " ");
    }

    private static String hostName(Gen g) {
        List<String> labels = new ArrayList<>();
        for (int i = g.between(1, 4); i > 0; i--) {
            labels.add(g.string(LABEL, 1, 12));
        }
        return String.join(".", labels);
    }

    /** A well-formed IPv6 address: eight groups, or fewer around one {@code ::}, maybe an IPv4 tail or a zone. */
    private static String ipv6(Gen g) {
        boolean v4Tail = g.oneIn(8);
        int words = v4Tail ? 6 : 8;
        boolean gap = g.oneIn(2);
        int groups = gap ? g.between(0, words - 1) : words;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            parts.add(g.string("0123456789abcdefABCDEF", 1, 4));
        }
        String text;
        if (gap) {
            int at = g.between(0, groups);
            text = String.join(":", parts.subList(0, at)) + "::" + String.join(":", parts.subList(at, groups));
        } else {
            text = String.join(":", parts);
        }
        if (v4Tail) {
            text += (text.endsWith(":") ? "" : ":") + g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(0, 255) + "." + g.between(0, 255);
        }
        return text + g.weighted(12, "", 1, "%eth0", 1, "%1");
    }

    private static String brokenIpv6(Gen g) {
        List<String> parts = new ArrayList<>();
        for (int i = g.between(1, 10); i > 0; i--) {
            parts.add(g.string("0123456789abcdefABCDEFg", 0, 5));
        }
        return String.join(":", parts) + g.of("", "%", "%e th", ":1.2.3", ":127.0.0.1", "::", ":::");
    }

    private static String database(Gen g) {
        return switch (g.pick(4, 2, 30, 2, 1, 1)) {
            case 0 -> "";
            case 1 -> "/";
            case 2 -> "/" + g.string("abcdefghijklmnopqrstuvwxyz_0123456789", 0, 16);
            case 3 -> "/" + g.of(ODD_DATABASES);
            case 4 -> "/" + garbage(g);
            default -> "/" + "d".repeat(g.between(300, 5_000));
        };
    }

    private static String query(Gen g) {
        int kind = g.weighted(6, 0, 1, 1, 16, 2);
        if (kind < 2) {
            return kind == 0 ? "" : "?";
        }
        List<String> tokens = new ArrayList<>();
        for (int i = g.weighted(6, 1, 5, 2, 3, 3, 2, 4, 1, 5); i > 0; i--) {
            tokens.add(g.oneIn(60) ? g.of("", "=", "=x", "&", " ", "%", "%zz=1") : pair(g));
        }
        return "?" + String.join("&", tokens);
    }

    private static String pair(Gen g) {
        String k = key(g);
        return switch (g.pick(40, 2, 1, 1, 1)) {
            case 0 -> k + "=" + value(g, k);
            case 1 -> k + "=" + URLEncoder.encode(value(g, k), StandardCharsets.UTF_8);
            case 2 -> k;
            case 3 -> k + "=";
            default -> k + "==x";
        };
    }

    private static String fragment(Gen g) {
        return switch (g.pick(40, 1, 1)) {
            case 0 -> "";
            case 1 -> "#";
            default -> "#" + garbage(g);
        };
    }

    // ---- Property names and values

    /** The driver's property names, their near misses, native names and garbage. */
    static String key(Gen g) {
        return switch (g.pick(30, 2, 8, 1)) {
            case 0 -> g.of(OURS);
            case 1 -> g.of(NEAR);
            case 2 -> g.of(NATIVE);
            default -> garbage(g);
        };
    }

    /** A value for {@code key}: its own choices or default mostly, else numbers, words, garbage, very long text. */
    static String value(Gen g, String key) {
        if (AuroraUrl.isSecretKey(key)) {
            return SECRET + g.weighted(10, "", 1, "%zz", 1, "%", 1, "+", 1, "%41", 1, "@x&y", 1, "ü");
        }
        AuroraProperty p = AuroraProperty.forName(key.strip());
        return switch (g.pick(20, 4, 1, 4, 1, 1, 1)) {
            case 0 -> p == null ? g.of(WORDS) : p.choices() != null ? g.of(p.choices()) : p.defaultValue() != null
                    ? (g.oneIn(2) ? p.defaultValue() : Integer.toString(g.between(0, 100_000))) : g.of(WORDS);
            case 1 -> Long.toString(g.between(-5, 100_000));
            case 2 -> g.of(ODD_NUMBERS);
            case 3 -> g.of(WORDS);
            case 4 -> garbage(g);
            case 5 -> "9".repeat(g.between(11, 5_000));
            default -> g.oneIn(20) ? HUGE : "";
        };
    }

    /** Any characters, control characters, unpaired surrogates and URL delimiters included. */
    static String garbage(Gen g) {
        return switch (g.between(0, 2)) {
            case 0 -> g.string(DELIMITERS, 0, 8);
            case 1 -> g.anyChars(12);
            default -> g.string(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", 0, 12);
        };
    }

    // ---- Mutation

    /** A character inserted, removed or replaced, a few removed, or the URL cut. */
    private static String mutate(Gen g, String url) {
        int at = g.between(0, url.length());
        char c = g.weighted(3, g.of(':', '/', '?', '#', '[', ']', '@', '&', '=', '%', ',', '.', '+', ' ', '\\', '"', '\'', '\u0000', '\u00a0'),
                1, g.anyChar());
        return switch (g.between(0, 4)) {
            case 0 -> url.substring(0, at) + c + url.substring(at);
            case 1 -> url.substring(0, at) + url.substring(Math.min(url.length(), at + 1));
            case 2 -> url.substring(0, at) + url.substring(Math.min(url.length(), at + g.between(2, 6)));
            case 3 -> at == url.length() ? url + c : url.substring(0, at) + c + url.substring(at + 1);
            default -> url.substring(0, at);
        };
    }

    // ---- Properties

    /** Connection properties: none (null), empty, String entries, non-String keys and values, defaults. */
    static Properties properties(Gen g) {
        int kind = g.weighted(1, 0, 8, 1, 2, 2);
        if (kind == 0) {
            return null;
        }
        Properties info = kind == 1 ? new Properties() : fill(g, new Properties());
        return fill(g, kind == 1 ? info : new Properties(info));
    }

    private static Properties fill(Gen g, Properties p) {
        for (int i = g.weighted(3, 0, 3, 1, 2, 2, 1, 3, 1, 6); i > 0; i--) {
            String k = key(g);
            switch (g.pick(16, 1, 1)) {
                case 0 -> p.put(k, value(g, k));
                case 1 -> p.put(k, g.of(0, -1, 100, Integer.MAX_VALUE, 5_000L, true, 1.5, new Object(), new StringBuilder("x"),
                        new String[] {"a"}));
                default -> p.put(g.of(1, Boolean.TRUE, 'c'), "v");
            }
        }
        return p;
    }

    // ---- Display

    static String describe(Properties info) {
        if (info == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("{");
        for (String name : info.stringPropertyNames()) {
            sb.append(escape(name)).append('=').append(escape(shorten(info.getProperty(name)))).append(", ");
        }
        info.forEach((k, v) -> {
            if (!(k instanceof String) || !(v instanceof String)) {
                sb.append(k.getClass().getSimpleName()).append(' ').append(escape(String.valueOf(k))).append('=')
                        .append(v.getClass().getSimpleName()).append(' ').append(escape(String.valueOf(v))).append(", ");
            }
        });
        return sb.append('}').toString();
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    /** Java-escaped, so that a failing input can be pasted into a test as it is. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
