package dev.sem.db;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.sem.SemException;

/** libpq's URL parameters and environment variables, turned into pgjdbc connection properties. */
final class LibpqProperties {

    private LibpqProperties() {}

    /**
     * The driver properties for {@code url} and the libpq environment {@code env}.
     *
     * @param client receives the session settings libpq would send at startup ({@code options}, {@code PGTZ}, …)
     * @param warnings receives the parameters that are ignored
     */
    static Properties driverProperties(
            DatabaseUrl url,
            Map<String, String> env,
            String toolVersion,
            Map<String, String> client,
            List<String> warnings) {
        Properties props = new Properties();
        if (url.isJdbc()) {
            url.parameters().forEach((key, value) -> props.setProperty(driverProperty(key), value));
        } else {
            translate(url.parameters(), props, warnings);
        }
        String options = props.getProperty("options");
        if (options == null && nonBlank(env.get("PGOPTIONS")) != null) {
            options = env.get("PGOPTIONS");
            props.setProperty("options", options);
        }
        if (options != null) {
            client.putAll(ConnectionSettings.optionSettings(options));
        }
        // libpq sends these as startup parameters, after the options (so they win over -c).
        putEnv(client, env, "PGTZ", "TimeZone");
        putEnv(client, env, "PGDATESTYLE", "DateStyle");
        putEnv(client, env, "PGGEQO", "geqo");

        defaultFromEnv(props, env, "PGSSLMODE", "sslmode");
        defaultFromEnv(props, env, "PGSSLROOTCERT", "sslrootcert");
        defaultFromEnv(props, env, "PGSSLCERT", "sslcert");
        defaultFromEnv(props, env, "PGSSLKEY", "sslkey");
        defaultFromEnv(props, env, "PGGSSENCMODE", "gssEncMode");
        defaultFromEnv(props, env, "PGKRBSRVNAME", "kerberosServerName");
        defaultFromEnv(props, env, "PGCHANNELBINDING", "channelBinding");
        defaultFromEnv(props, env, "PGAPPNAME", "ApplicationName");
        if (props.getProperty("targetServerType") == null && nonBlank(env.get("PGTARGETSESSIONATTRS")) != null) {
            props.setProperty(
                    "targetServerType",
                    targetServerType(env.get("PGTARGETSESSIONATTRS").strip()));
        }
        if (props.getProperty("connectTimeout") == null) {
            String t = nonBlank(env.get("PGCONNECT_TIMEOUT"));
            props.setProperty(
                    "connectTimeout",
                    t == null
                            ? String.valueOf(ConnectionSettings.DEFAULT_CONNECT_TIMEOUT)
                            : timeout(t, "PGCONNECT_TIMEOUT"));
        }
        if (props.getProperty("loginTimeout") == null) {
            // libpq's connect_timeout bounds the whole login (TLS and authentication included), not just the socket.
            props.setProperty("loginTimeout", props.getProperty("connectTimeout"));
        }
        String fallbackName = (String) props.remove("fallback_application_name");
        if (props.getProperty("ApplicationName") == null) {
            props.setProperty(
                    "ApplicationName",
                    fallbackName != null ? fallbackName : "sem" + (toolVersion == null ? "" : " " + toolVersion));
        }
        props.putIfAbsent("tcpKeepAlive", "true");
        props.remove("password");
        props.remove("user");
        return props;
    }

    private static void translate(Map<String, String> params, Properties props, List<String> warnings) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "options" ->
                    props.setProperty(key, value);
                case "ssl" -> props.setProperty("sslmode", "true".equals(value) ? "require" : "prefer");
                case "requiressl" -> props.setProperty("sslmode", "1".equals(value) ? "require" : "prefer");
                case "sslnegotiation" -> props.setProperty("sslNegotiation", value);
                case "connect_timeout" -> props.setProperty("connectTimeout", timeout(value, "connect_timeout"));
                case "application_name" -> props.setProperty("ApplicationName", value);
                case "fallback_application_name" -> props.setProperty("fallback_application_name", value);
                case "target_session_attrs" -> props.setProperty("targetServerType", targetServerType(value));
                case "keepalives" -> props.setProperty("tcpKeepAlive", String.valueOf(!"0".equals(value)));
                case "gssencmode" -> props.setProperty("gssEncMode", value);
                case "krbsrvname" -> props.setProperty("kerberosServerName", value);
                case "channel_binding" -> props.setProperty("channelBinding", value);
                case "load_balance_hosts" ->
                    props.setProperty("loadBalanceHosts", String.valueOf("random".equals(value)));
                case "hostaddr" -> {
                    // used as the host when the url names none
                }
                case "client_encoding" -> {
                    if (!value.equalsIgnoreCase("UTF8") && !value.equalsIgnoreCase("UTF-8")) {
                        warnings.add("URL parameter client_encoding=" + value + " is ignored: the JDBC driver always"
                                + " uses UTF8 (text is converted by the server)");
                    }
                }
                case "service", "servicefile", "requirepeer" ->
                    throw new SemException("URL parameter " + key + " is not supported by the JDBC driver; give the"
                            + " host, port and database in the url instead");
                case "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "sslcompression",
                        "sslcrl",
                        "sslcrldir",
                        "sslsni",
                        "ssl_min_protocol_version",
                        "ssl_max_protocol_version",
                        "sslcertmode",
                        "require_auth",
                        "gsslib",
                        "gssdelegation",
                        "replication",
                        "passfile" ->
                    warnings.add("URL parameter " + key + " is ignored: the JDBC driver has no equivalent");
                default -> props.setProperty(driverProperty(key), value); // a driver property, such as sslfactory
            }
        }
    }

    /**
     * A parameter that is no libpq parameter sem knows is passed to the driver only when the driver knows it, as
     * libpq refuses an unknown one ({@code invalid URI query parameter}) where the driver would silently ignore it.
     */
    private static String driverProperty(String key) {
        if (org.postgresql.PGProperty.forName(key) == null) {
            throw new SemException("URL parameter " + key + " is neither a libpq connection parameter nor a property"
                    + " of the JDBC driver; check its spelling or remove it from the url");
        }
        return key;
    }

    private static String targetServerType(String libpq) {
        return switch (libpq) {
            case "read-write", "primary" -> "primary";
            case "read-only", "standby" -> "secondary";
            case "prefer-standby" -> "preferSecondary";
            case "any" -> "any";
            default -> libpq; // already a driver value, or the driver reports it
        };
    }

    private static String timeout(String value, String name) {
        try {
            int t = Integer.parseInt(value.strip());
            return String.valueOf(Math.max(t, 0)); // libpq: zero or negative waits indefinitely, like the driver's 0
        } catch (NumberFormatException e) {
            throw new SemException(name + "[" + value + "] must be a number of seconds");
        }
    }

    private static void putEnv(Map<String, String> client, Map<String, String> env, String var, String guc) {
        String v = nonBlank(env.get(var));
        if (v != null) {
            client.keySet().removeIf(k -> k.equalsIgnoreCase(guc));
            client.put(guc, v);
        }
    }

    private static void defaultFromEnv(Properties props, Map<String, String> env, String var, String prop) {
        String v = nonBlank(env.get(var));
        if (v != null && props.getProperty(prop) == null) {
            props.setProperty(prop, v);
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
