package dev.sem.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.InvalidOptionException;
import dev.sem.SemException;
import org.postgresql.Driver;

/**
 * A parsed connection URL (§7.1, §7.3): {@code postgres://} or {@code postgresql://} in any case, read the way libpq
 * reads it and validated with sem (Ruby)'s messages, or {@code jdbc:postgresql://}, read the way the JDBC driver reads
 * it. Nothing from the environment is applied here; see {@link ConnectionSettings}.
 *
 * <p>{@link #toString()} is the {@linkplain #sanitize(String) sanitized} URL; the password is never printed.
 */
public final class DatabaseUrl {

    /** The replacement text for secrets, as sem (Ruby) prints it. */
    public static final String REDACTED = "[REDACTED]";

    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:^|[?&;\\s])[a-z_]*password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s&;]*)");

    private static final Pattern KEY_VALUE_START = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\s*=");

    private static final Pattern CANONICAL_INT = Pattern.compile("-?(?:0|[1-9]\\d*)");

    /** One host of the URL, with the port if the URL gives one. */
    public record Host(String name, Integer port) {
        /**
         * Whether this "host" is a Unix-domain socket directory (libpq: a name starting with {@code /}), or a socket
         * in Linux's abstract namespace ({@code @name}).
         */
        public boolean isSocket() {
            return name.startsWith("/") || name.startsWith("@");
        }

        @Override
        public String toString() {
            String h = name.contains(":") ? "[" + name + "]" : name;
            return port == null ? h : h + ":" + port;
        }
    }

    private final String original;
    private final boolean jdbc;
    private final List<Host> hosts;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    DatabaseUrl(
            String original,
            boolean jdbc,
            List<Host> hosts,
            String database,
            String user,
            String password,
            Map<String, String> parameters) {
        this.original = original;
        this.jdbc = jdbc;
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Parses and validates a URL.
     *
     * @throws SemException with sem (Ruby)'s message (the URL in it sanitized) when the URL is invalid
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new SemException("url cannot be blank");
        }
        String u = url.strip();
        if (u.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return parseJdbc(u);
        }
        if (!u.contains("://") && KEY_VALUE_START.matcher(u).lookingAt()) {
            return LibpqKeyValue.parse(u);
        }
        return parsePostgres(u);
    }

    /**
     * Synthesises the URL sem (Ruby) builds when no URL is given (§7.2): {@code postgres://[user@]host:port/name}.
     * {@code PGHOST} and {@code PGPORT} from {@code env} fill a missing host and port (then {@code localhost} and
     * {@code 5432}); a missing name stays empty, so that {@code PGDATABASE} or the user name fill it when connecting.
     */
    public static DatabaseUrl fromParts(String host, Integer port, String name, String user, Map<String, String> env) {
        Map<String, String> e = env == null ? Map.of() : env;
        String h = firstNonBlank(host, e.get("PGHOST"), "localhost");
        int p;
        if (port != null) {
            p = port;
        } else if (e.get("PGPORT") != null && !e.get("PGPORT").isBlank()) {
            String s = e.get("PGPORT").strip();
            if (!CANONICAL_INT.matcher(s).matches() || s.length() > 6) {
                throw new SemException("PGPORT[" + s + "] must be a port number such as 5432");
            }
            p = Integer.parseInt(s);
        } else {
            p = 5432;
        }
        if (p <= 0) {
            throw new SemException("Port must be > 0");
        }
        String userPart = user == null || user.isBlank() ? "" : encode(user) + "@";
        String db = encode(name == null ? "" : name);
        if (h.startsWith("/") || h.startsWith("@")) {
            // A Unix socket directory, written the way libpq takes it in a URI.
            return parse("postgresql://" + userPart + "/" + db + "?host=" + encodeSocketPath(h) + "&port=" + p);
        }
        String hostPart = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        String base = hostPart + ":" + p + "/" + db;
        return parse("postgres://" + userPart + base);
    }

    /**
     * The target from either a URL or its parts, never both: a URL excludes host, port and name.
     *
     * @param url a URL as {@link #parse(String)} takes it, or {@code null} / blank to use the parts
     * @throws InvalidOptionException when a URL and any of host, port or name are given
     */
    public static DatabaseUrl of(
            String url, String host, Integer port, String name, String user, Map<String, String> env) {
        if (url == null || url.isBlank()) {
            return fromParts(host, port, name, user, env);
        }
        if (host != null || port != null || name != null) {
            throw new InvalidOptionException("url", "Give either a database URL or its host, port and name, not both");
        }
        return parse(url);
    }

    /** {@link #fromParts(String, Integer, String, String, Map)} with the process environment. */
    public static DatabaseUrl fromParts(String host, Integer port, String name, String user) {
        return fromParts(host, port, name, user, System.getenv());
    }

    /**
     * Redacts passwords (§7.5): if the part between {@code ://} and the next {@code /} contains {@code @}, and the
     * text before the last {@code @} contains {@code :}, everything after that first {@code :} up to the last
     * {@code @} becomes {@code [REDACTED]} (sem (Ruby)'s rule, exactly); in addition every {@code password=} parameter (also
     * {@code sslpassword=}) is redacted. Works on {@code jdbc:} URLs and conninfo strings too.
     */
    public static String sanitize(String url) {
        if (url == null) {
            return null;
        }
        String s = url;
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            String authority = s.substring(start, end);
            int at = authority.lastIndexOf('@');
            int colon = at < 0 ? -1 : authority.substring(0, at).indexOf(':');
            if (colon >= 0) {
                s = s.substring(0, start + colon + 1) + REDACTED + s.substring(start + at);
            }
        }
        return sanitizeParamsOnly(s);
    }

    /** The sanitized URL. */
    public String sanitized() {
        return sanitize(original);
    }

    /** Whether this is a {@code jdbc:postgresql:} URL (then the parameter names are the driver's). */
    public boolean isJdbc() {
        return jdbc;
    }

    /** The hosts, in order; empty for a host-less URL such as {@code postgresql:///db}. */
    public List<Host> hosts() {
        return hosts;
    }

    /** The database name, empty when the URL has none (such as {@code postgres://localhost:5432/}). */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** Whether the URL carries a password (in the user info or as a {@code password} parameter). */
    public boolean hasPassword() {
        return password != null;
    }

    /** The password from the URL; for {@link ConnectionSettings} only. */
    String password() {
        return password;
    }

    /**
     * The query parameters, percent-decoded, in order (libpq names for {@code postgres://}, driver names for
     * {@code jdbc:}); without {@code host}, {@code port}, {@code dbname}, {@code user} and {@code password}, which are
     * folded into the other accessors.
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return sanitized();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseUrl other && original.equals(other.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(original);
    }

    // ---------------------------------------------------------------- postgres://

    private static DatabaseUrl parsePostgres(String url) {
        String safe = safeForErrors(url);
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            throw new SemException("Invalid url[" + safe + "]. Expected to start with postgres://");
        }
        String scheme = url.substring(0, slashes).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres:") && !scheme.equals("postgresql:")) {
            throw new SemException("Invalid url[" + safe + "]. Expected to start with postgres://");
        }
        String rest = url.substring(slashes + 2);
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        if (slash < 0 || (question >= 0 && question < slash)) {
            throw new SemException("Invalid url[" + safe + "]. Missing database name");
        }
        if (!safe.equals(sanitize(url))) {
            throw new SemException("Invalid url[" + safe + "]. A password containing / must be written as %2F");
        }
        String authority = rest.substring(0, slash);
        String pathAndQuery = rest.substring(slash + 1);
        int q = pathAndQuery.indexOf('?');
        String rawDb = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);

        String user = null;
        String password = null;
        String hostList = authority;
        int at = authority.indexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostList = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = emptyToNull(decode(rawUser, safe));
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1), safe);
            }
            if (hostList.contains("@")) {
                throw new SemException("Invalid url[" + safe + "]. A password containing @ must be written as %40");
            }
        }
        List<Host> hosts = parseHosts(hostList, safe);
        String database = emptyToNull(decode(rawDb, safe));

        Query given = Query.parse(query, safe);
        if (given.database != null) {
            database = emptyToNull(given.database);
        }
        if (given.user != null) {
            user = emptyToNull(given.user);
        }
        if (given.password != null) {
            password = given.password;
        }
        hosts = given.hosts(hosts, safe);
        Map<String, String> params = given.params;
        return new DatabaseUrl(url, false, hosts, database, user, password, params);
    }

    /** The parameters after {@code ?} of a {@code postgres://} URL; host, port, dbname, user and password win. */
    private static final class Query {
        private final Map<String, String> params = new LinkedHashMap<>();
        private String host;
        private String port;
        private String database;
        private String user;
        private String password;

        static Query parse(String query, String safe) {
            Query q = new Query();
            for (String pair : query.isEmpty() ? new String[0] : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new SemException(
                            "Invalid url[" + safe + "]. Parameter[" + pair + "] has no value; write it as name=value");
                }
                String key = decode(pair.substring(0, eq), safe);
                String value = decode(pair.substring(eq + 1), safe);
                switch (key) {
                    case "host" -> q.host = value;
                    case "port" -> q.port = value;
                    case "dbname" -> q.database = value;
                    case "user" -> q.user = value;
                    case "password" -> q.password = value;
                    default -> q.params.put(key, value);
                }
            }
            return q;
        }

        /** The hosts of the authority, replaced by {@code host=} and given {@code port=} when the query has them. */
        List<Host> hosts(List<Host> fromAuthority, String safe) {
            List<Host> hosts = fromAuthority;
            if (host != null) {
                // libpq keeps the authority's ports (postgresql://:5433/db?host=/tmp uses port 5433).
                hosts = new ArrayList<>();
                String[] names = host.split(",", -1);
                for (int i = 0; i < names.length; i++) {
                    Integer p = null;
                    if (fromAuthority.size() == 1) {
                        p = fromAuthority.get(0).port();
                    } else if (i < fromAuthority.size()) {
                        p = fromAuthority.get(i).port();
                    }
                    hosts.add(new Host(names[i], p));
                }
            }
            if (port != null) {
                Integer p = port(port, safe);
                List<Host> withPort = new ArrayList<>();
                for (Host h : hosts) {
                    withPort.add(new Host(h.name(), p));
                }
                hosts = withPort.isEmpty() ? List.of(new Host("", p)) : withPort;
            }
            return hosts;
        }
    }

    /**
     * The sanitized URL for error messages. A raw {@code /} in a password hides the {@code @} from the §7.5 rule
     * ({@code postgres://u:pa/ss@h/db}); such a URL is invalid anyway, so redact up to the last {@code @} before the
     * query as well.
     */
    private static String safeForErrors(String url) {
        String s = sanitize(url);
        int scheme = s.indexOf("://");
        if (scheme < 0 || !s.equals(sanitizeParamsOnly(url))) { // the §7.5 rule has redacted already
            return s;
        }
        int start = scheme + 3;
        int q = s.indexOf('?', start);
        String beforeQuery = s.substring(start, q < 0 ? s.length() : q);
        int at = beforeQuery.lastIndexOf('@');
        int colon = at < 0 ? -1 : beforeQuery.substring(0, at).indexOf(':');
        return colon < 0 ? s : s.substring(0, start + colon + 1) + REDACTED + s.substring(start + at);
    }

    private static String sanitizeParamsOnly(String url) {
        return PASSWORD_PARAM.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
    }

    private static List<Host> parseHosts(String hostList, String safe) {
        List<Host> hosts = new ArrayList<>();
        if (hostList.isEmpty()) {
            return hosts;
        }
        for (String spec : hostList.split(",", -1)) {
            String name;
            String portText = null;
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw new SemException("Invalid url[" + safe + "]. Missing ] after the IPv6 address");
                }
                name = spec.substring(1, close);
                String after = spec.substring(close + 1);
                if (after.startsWith(":")) {
                    portText = after.substring(1);
                } else if (!after.isEmpty()) {
                    throw new SemException("Invalid url[" + safe + "]. Unexpected text after the IPv6 address");
                }
            } else {
                int colon = spec.indexOf(':');
                name = colon < 0 ? spec : spec.substring(0, colon);
                portText = colon < 0 ? null : spec.substring(colon + 1);
            }
            hosts.add(new Host(decode(name, safe), portText == null ? null : port(portText, safe)));
        }
        return hosts;
    }

    static Integer port(String text, String safe) {
        // sem (Ruby): port.to_i.to_s == port, so "", "05432", "+1" and "5432x" are not integers.
        if (!CANONICAL_INT.matcher(text).matches() || text.length() > 11) {
            throw new SemException("Invalid url[" + safe + "]. Expected database port[" + text + "] to be an integer");
        }
        long p = Long.parseLong(text);
        if (p <= 0) {
            throw new SemException("Port must be > 0");
        }
        if (p > 65535) {
            throw new SemException("Invalid url[" + safe + "]. Port[" + text + "] must be at most 65535");
        }
        return (int) p;
    }

    // ---------------------------------------------------------------- jdbc:postgresql:

    private static DatabaseUrl parseJdbc(String url) {
        String safe = sanitize(url);
        Properties props;
        try {
            props = Driver.parseURL(url, null);
        } catch (RuntimeException e) {
            props = null;
        }
        if (props == null) {
            throw new SemException("Invalid url[" + safe + "]. Expected jdbc:postgresql://host[:port]/database"
                    + " (or postgres://user@host:port/database)");
        }
        String[] names = props.getProperty("PGHOST", "").split(",", -1);
        String[] ports = props.getProperty("PGPORT", "").split(",", -1);
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String portText = i < ports.length ? ports[i] : "";
            Integer p = portText.isEmpty() ? null : port(portText, safe);
            String h = names[i];
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            hosts.add(new Host(h, p));
        }
        Map<String, String> params = new LinkedHashMap<>();
        String user = null;
        String password = null;
        String database = null;
        for (String key : props.stringPropertyNames().stream().sorted().toList()) {
            String value = props.getProperty(key);
            switch (key) {
                case "PGHOST", "PGPORT" -> {
                    // folded into hosts
                }
                case "PGDBNAME" -> database = emptyToNull(value);
                case "user" -> user = emptyToNull(value);
                case "password" -> password = value;
                default -> params.put(key, value);
            }
        }
        return new DatabaseUrl(url, true, hosts, database, user, password, params);
    }

    // ---------------------------------------------------------------- helpers

    /** libpq's percent-decoding: {@code %XX} only ({@code +} stays a plus); bad escapes are errors. */
    static String decode(String s, String safeUrl) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new SemException("Invalid url[" + safeUrl + "]. Invalid percent-encoding; write % as %25");
                }
                int b = hi * 16 + lo;
                if (b == 0) {
                    throw new SemException("Invalid url[" + safeUrl + "]. %00 is not allowed");
                }
                out.write(b);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(bytes);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * A socket path for a URI's {@code host=} parameter: as written when it has only path characters (readable, and
     * libpq takes it so), else percent-encoded.
     */
    static String encodeSocketPath(String path) {
        return path.matches("[A-Za-z0-9/._~@-]+") ? path : encode(path);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}
