package dev.sem.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.sem.SemException;

/**
 * A PostgreSQL server address taken apart: hosts and ports, database, connection parameters and the credentials the URL
 * carried. Accepts JDBC URLs ({@code jdbc:postgresql://host:port/db?sslmode=require}, parsed by the driver itself) and
 * libpq URIs ({@code postgres://user:password@host:port/db?sslmode=require}).
 *
 * @param hostPorts {@code host:port} for each host, in order
 * @param database the database in the URL, or {@code null} when it names none
 * @param parameters connection parameters other than user and password, sorted by name
 * @param user the user in the URL, or {@code null}
 * @param password the password in the URL, or {@code null}
 */
record ServerUrl(
        List<String> hostPorts, String database, Map<String, String> parameters, String user, String password) {

    private static final String EXPECTED =
            "expected jdbc:postgresql://host:port/database or" + " postgres://user@host:port/database";

    ServerUrl {
        hostPorts = List.copyOf(hostPorts);
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /**
     * Parses a JDBC URL or a {@code postgres://} / {@code postgresql://} URI.
     *
     * @param what how the URL is called in messages, for example {@code -Dsem.verify.url}
     */
    static ServerUrl parse(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new SemException(what + " is empty; " + EXPECTED);
        }
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:")) {
            return parseJdbc(trimmed, what);
        }
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            return parseUri(trimmed, what);
        }
        throw new SemException(what + " is not a PostgreSQL URL (" + redact(trimmed) + "); " + EXPECTED);
    }

    private static ServerUrl parseJdbc(String url, String what) {
        Properties props = org.postgresql.Driver.parseURL(url, new Properties());
        if (props == null) {
            throw new SemException(what + " is not a valid PostgreSQL JDBC URL (" + redact(url) + "); " + EXPECTED);
        }
        String[] hosts = props.getProperty("PGHOST", "localhost").split(",", -1);
        String[] ports = props.getProperty("PGPORT", "5432").split(",", -1);
        List<String> hostPorts = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String port = i < ports.length ? ports[i] : "5432";
            hostPorts.add(hosts[i] + ":" + (port.isEmpty() ? "5432" : port));
        }
        Map<String, String> parameters = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith("PG") && !name.equals("user") && !name.equals("password")) {
                parameters.put(name, props.getProperty(name));
            }
        }
        String database = props.getProperty("PGDBNAME");
        return new ServerUrl(
                hostPorts,
                database == null || database.isEmpty() ? null : database,
                parameters,
                props.getProperty("user"),
                props.getProperty("password"));
    }

    private static ServerUrl parseUri(String url, String what) {
        String rest = url.substring(url.indexOf("://") + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                password = percentDecode(userInfo.substring(colon + 1), what);
                userInfo = userInfo.substring(0, colon);
            }
            user = userInfo.isEmpty() ? null : percentDecode(userInfo, what);
        }
        List<String> hostPorts = new ArrayList<>();
        for (String hostPort : (rest.isEmpty() ? "localhost" : rest).split(",", -1)) {
            hostPorts.add(withPort(hostPort, what, url));
        }
        Map<String, String> parameters = new TreeMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), what);
                String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), what);
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> parameters.put(name, value);
                }
            }
        }
        String database = path == null || path.isEmpty() ? null : percentDecode(path, what);
        return new ServerUrl(hostPorts, database, parameters, user, password);
    }

    private static String withPort(String hostPort, String what, String url) {
        if (hostPort.isEmpty()) {
            return "localhost:5432";
        }
        int bracket = hostPort.lastIndexOf(']');
        int colon = hostPort.lastIndexOf(':');
        if (colon > bracket) {
            String port = hostPort.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit) || port.isEmpty()) {
                throw new SemException(what + " has a bad port '" + port + "' (" + redact(url) + "); " + EXPECTED);
            }
            return hostPort;
        }
        return hostPort + ":5432";
    }

    /** Decodes {@code %XX} escapes (and nothing else: a {@code +} stays a plus, as libpq reads it). */
    private static String percentDecode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '%') {
                if (i + 2 >= s.length()) {
                    throw new SemException(what + " has a bad %-escape; " + EXPECTED);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new SemException(what + " has a bad %-escape; " + EXPECTED);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A JDBC URL for {@code db} on this server, with the same parameters and without credentials. */
    String jdbcUrl(String db) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://")
                .append(String.join(",", hostPorts))
                .append('/')
                .append(encode(db));
        char separator = '?';
        for (Map.Entry<String, String> parameter : new TreeMap<>(parameters).entrySet()) {
            url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    /** {@code host:port/database} for messages: never the password. */
    String display(String db) {
        return String.join(",", hostPorts) + "/" + db;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL with any password removed, for error messages. */
    static String redact(String url) {
        String redacted = url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
        int scheme = redacted.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int end = redacted.indexOf('/', start);
            String authority = end < 0 ? redacted.substring(start) : redacted.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                int colon = authority.indexOf(':');
                if (colon >= 0 && colon < at) {
                    authority = authority.substring(0, colon) + ":***" + authority.substring(at);
                }
                redacted = redacted.substring(0, start) + authority + (end < 0 ? "" : redacted.substring(end));
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ServerUrl[" + String.join(",", hostPorts) + "/" + database + " as " + user + "]";
    }
}
