package dev.sem.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;

/** Reads libpq's key/value connection strings into a {@link DatabaseUrl}. */
final class LibpqKeyValue {

    private LibpqKeyValue() {}

    /**
     * libpq's key/value form, as pgpm takes it: {@code host=db port=5432 dbname=sales user=app sslmode=require}.
     * Values may be single-quoted ({@code password='a b'}, with {@code \'} and {@code \\} escapes); spaces around
     * {@code =} are allowed. {@code host} and {@code port} may be comma-separated lists.
     */
    static DatabaseUrl parse(String text) {
        String safe = DatabaseUrl.sanitize(text);
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new SemException("Invalid connection string[" + safe + "]. Expected key=value pairs such as"
                        + " host=localhost port=5432 dbname=name user=name");
            }
            String key = text.substring(i, eq).strip();
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = text.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= n) {
                    throw new SemException(
                            "Invalid connection string[" + safe + "]. Unterminated quoted value of " + key);
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = text.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
            }
            if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new SemException("Invalid connection string[" + safe + "]. Invalid key[" + key + "]");
            }
            pairs.put(key, value.toString());
        }
        return fromPairs(text, pairs, safe);
    }

    private static DatabaseUrl fromPairs(String text, Map<String, String> pairs, String safe) {
        List<DatabaseUrl.Host> hosts = new ArrayList<>();
        String hostList = pairs.remove("host");
        String portList = pairs.remove("port");
        String[] ports = portList == null || portList.isEmpty() ? new String[0] : portList.split(",", -1);
        if (hostList != null && !hostList.isEmpty()) {
            String[] names = hostList.split(",", -1);
            for (int k = 0; k < names.length; k++) {
                String p = ports.length == 0 ? null : ports.length == 1 ? ports[0] : k < ports.length ? ports[k] : null;
                hosts.add(new DatabaseUrl.Host(
                        names[k].strip(), p == null || p.isBlank() ? null : DatabaseUrl.port(p.strip(), safe)));
            }
        } else if (ports.length > 0) {
            hosts.add(new DatabaseUrl.Host("", DatabaseUrl.port(ports[0].strip(), safe)));
        }
        String database = DatabaseUrl.emptyToNull(pairs.remove("dbname"));
        String user = DatabaseUrl.emptyToNull(pairs.remove("user"));
        String password = pairs.remove("password");
        return new DatabaseUrl(text, false, hosts, database, user, password, pairs);
    }
}
