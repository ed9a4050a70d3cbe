package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes registry rows directly, as the deployer does, for the registry tests. */
final class RegistryRows {

    private RegistryRows() {}

    /** A fresh registry in its own transaction. */
    static void install(Connection c) throws SQLException {
        RegistrySchema.ensure(c);
    }

    /**
     * Inserts an active package row and, when {@code schema} is not null, creates that schema with a function
     * {@code whoami()} returning the schema name.
     */
    static long deployed(Connection c, String name, String subclass, String versionText, String schema)
            throws SQLException {
        PackageVersion v = PackageVersion.parse(versionText);
        if (schema != null) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + RegistrySchema.quoteIdent(schema));
                st.execute("CREATE FUNCTION " + RegistrySchema.quoteIdent(schema)
                        + ".whoami() RETURNS text LANGUAGE sql AS $$ SELECT '" + schema + "'::text $$");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sem_packages.packages (name, subclass, scope,"
                + " version_text, v_major, v_minor, v_patch, v_pre, schema_name, schema_instance)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('sem_packages.schema_instances')) RETURNING id")) {
            ps.setString(1, name);
            ps.setString(2, subclass);
            ps.setString(3, schema == null ? "DATABASE" : "SCHEMA");
            ps.setString(4, v.text());
            ps.setInt(5, v.major());
            ps.setInt(6, v.minor());
            ps.setInt(7, v.patch());
            ps.setString(8, v.pre() == null ? "" : v.pre());
            ps.setString(9, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A versioned package in schema {@code name_version}. */
    static long versioned(Connection c, String name, String versionText) throws SQLException {
        return deployed(c, name, "versioned", versionText, name + "_" + versionText);
    }

    /** Adds a dependency link. */
    static void link(Connection c, long packageId, int position, String dependency, String requirement, long resolved)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sem_packages.dependencies (package_id, position,"
                + " dependency_name, requirement, resolved_id, resolved_version)"
                + " SELECT ?, ?, ?, ?, id, version_text FROM sem_packages.packages WHERE id = ?")) {
            ps.setLong(1, packageId);
            ps.setInt(2, position);
            ps.setString(3, dependency);
            ps.setString(4, requirement);
            ps.setLong(5, resolved);
            ps.executeUpdate();
        }
    }

    /** Marks a row renamed to revision {@code n}, renaming its schema, as a moderate deploy does. */
    static void renamed(Connection c, long id, int n) throws SQLException {
        String schema = string(c, "SELECT schema_name FROM sem_packages.packages WHERE id = " + id);
        try (Statement st = c.createStatement()) {
            st.execute("ALTER SCHEMA " + RegistrySchema.quoteIdent(schema) + " RENAME TO "
                    + RegistrySchema.quoteIdent(schema + "_" + n));
            st.execute("UPDATE sem_packages.packages SET status = 'renamed', revision = " + n + ", schema_name = '"
                    + schema + "_" + n + "' WHERE id = " + id);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
