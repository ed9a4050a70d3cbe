package dev.sem.pkg.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds application connections to a deployed package version, as {@code sem_packages.set_search_path} does, but
 * computed once (for example at pool start-up) and applied as the pool's init SQL or as the JDBC {@code options}
 * connection property. Plain JDBC; needs only USAGE on schema {@code sem_packages} and EXECUTE on its public functions
 * (granted by {@code sem:registry-install} with the usage option naming the role).
 *
 * <pre>{@code
 * SearchPath.Binding b = SearchPath.resolve(connection, "billing_api", ">=2_1");
 * hikariConfig.setConnectionInitSql(b.initSql());            // SET search_path TO "billing_api_2_3_0", "util", "public"
 * // or: props.setProperty("options", b.jdbcOptions());    // -c search_path="billing_api_2_3_0","util","public"
 * // or: url + "?" + b.jdbcUrlParameter()
 * }</pre>
 */
public final class SearchPath {

    /**
     * A resolved binding.
     *
     * @param packageName the package
     * @param requirement the requirement it was resolved with
     * @param packageId the registry row chosen (the highest active version satisfying the requirement)
     * @param version the version as written
     * @param schemas the search_path: the package's schema, its dependencies transitively, then the tail
     */
    public record Binding(
            String packageName, String requirement, long packageId, String version, List<String> schemas) {

        /** {@code SET search_path TO "a", "b", "public"}: the init SQL of a connection pool. */
        public String initSql() {
            return "SET search_path TO "
                    + String.join(", ", schemas.stream().map(SearchPath::quote).toList());
        }

        /** The value of the JDBC {@code options} property: {@code -c search_path="a","b","public"}. */
        public String jdbcOptions() {
            String value =
                    String.join(",", schemas.stream().map(SearchPath::quote).toList());
            return "-c search_path=" + value.replace("\\", "\\\\").replace(" ", "\\ ");
        }

        /** {@code options=...} URL-encoded, to append to a JDBC URL after {@code ?} or {@code &}. */
        public String jdbcUrlParameter() {
            return "options="
                    + URLEncoder.encode(jdbcOptions(), StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** Sets the search_path of {@code c} (session level). */
        public void apply(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute(initSql());
            }
        }
    }

    private SearchPath() {}

    /** Resolves with {@code public} as the tail of the path. */
    public static Binding resolve(Connection c, String packageName, String requirement) throws SQLException {
        return resolve(c, packageName, requirement, List.of("public"));
    }

    /**
     * Resolves the highest active version of {@code packageName} satisfying {@code requirement} and its path, without
     * changing the session.
     *
     * @param tail the schemas after the package's (such as {@code public}), possibly none
     * @throws SQLException with SQLSTATE P0002 when no deployed version satisfies the requirement, 22023 when the
     *     requirement is malformed
     */
    public static Binding resolve(Connection c, String packageName, String requirement, List<String> tail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.version_text,"
                + " sem_packages.search_path_schemas(p.id) FROM sem_packages.find_package(?, ?) AS p")) {
            ps.setString(1, packageName);
            ps.setString(2, requirement == null ? "" : requirement);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(
                            "No deployed version of package " + packageName + " satisfies "
                                    + (requirement == null || requirement.isBlank() ? "x (any version)" : requirement),
                            "P0002");
                }
                List<String> schemas = new ArrayList<>();
                Array a = rs.getArray(3);
                for (Object s : (Object[]) a.getArray()) {
                    schemas.add((String) s);
                }
                schemas.addAll(tail);
                return new Binding(packageName, requirement, rs.getLong(1), rs.getString(2), List.copyOf(schemas));
            }
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
