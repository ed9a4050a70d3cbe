package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sem.Message;
import dev.sem.Option;

/** What the deployer reads from the registry: the package's current row and its dependencies, resolved in Java. */
final class RegistryState {

    private static final String R = RegistrySchema.SCHEMA + ".";

    /**
     * A registry row.
     *
     * @param id primary key
     * @param versionText the version as written
     * @param version parsed numbers
     * @param schema the stored schema name, or null
     * @param schemaInstance the instance of the schema the row's table scripts ran in
     */
    record Row(long id, String versionText, PackageVersion version, String schema, long schemaInstance) {}

    private RegistryState() {}

    /**
     * The current (active) row of this package version: the row of the same name for basic packages, the row of the
     * same numbers and pre-release for versioned ones; null when there is none.
     */
    static Row current(Connection c, PackageDescriptor d) throws SQLException {
        PackageVersion v = d.version();
        String sql = "SELECT id, version_text, v_major, v_minor, v_patch, v_pre, schema_name, schema_instance FROM " + R
                + "packages WHERE name = ? AND status = 'active' AND ";
        List<Row> rows = d.subclass() == Subclass.BASIC
                ? rows(c, sql + "subclass = 'basic'", d.name())
                : rows(
                        c,
                        sql + "subclass = 'versioned' AND v_major = ? AND v_minor = ? AND v_patch = ? AND v_pre = ?",
                        d.name(),
                        v.major(),
                        v.minor(),
                        v.patch(),
                        v.pre() == null ? "" : v.pre());
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Active rows of a package, any version. */
    static List<Row> active(Connection c, String name) throws SQLException {
        return rows(
                c,
                "SELECT id, version_text, v_major, v_minor, v_patch, v_pre, schema_name, schema_instance FROM " + R
                        + "packages WHERE name = ? AND status = 'active' ORDER BY id",
                name);
    }

    private static List<Row> rows(Connection c, String sql, Object... params) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String pre = rs.getString(6);
                PackageVersion v = new PackageVersion(
                        rs.getInt(3), rs.getInt(4), rs.getInt(5), pre.isEmpty() ? null : pre, rs.getString(2));
                out.add(new Row(rs.getLong(1), rs.getString(2), v, rs.getString(7), rs.getLong(8)));
            }
        }
        return out;
    }

    /**
     * Refuses a versioned deploy whose numbers are registered under another spelling ({@code 1_9_0} after
     * {@code 01_09_00}): two schemas for one registry identity (§5, defect 5).
     */
    static void refuseSecondSpelling(PackageDescriptor d, Row current) {
        if (current != null
                && d.subclass() == Subclass.VERSIONED
                && !current.versionText().equals(d.version().text())) {
            throw new PackageException("Package " + d.name() + " version "
                    + d.version().display()
                    + " is already deployed as '" + current.versionText() + "' (schema " + current.schema()
                    + "); write \"version\": \"" + current.versionText() + "\" in config.json, so that one version"
                    + " has one schema");
        }
    }

    /**
     * Resolves the dependencies transitively against the active rows with the Java comparator.
     *
     * @throws PackageException listing every unresolved link, one {@code name: requirement} line each
     */
    static List<DeployPlan.ResolvedDependency> resolve(Connection c, PackageDescriptor d) throws SQLException {
        record Pending(String requiredBy, String name, String requirement) {}
        Deque<Pending> queue = new ArrayDeque<>();
        d.dependencies().forEach((name, req) -> queue.add(new Pending(null, name, req.text())));
        List<DeployPlan.ResolvedDependency> resolved = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            Requirement req = Requirement.parse(p.requirement());
            Row best = null;
            for (Row r : active(c, p.name())) {
                if (req.matches(r.version()) && (best == null || r.version().compareTo(best.version()) > 0)) {
                    best = r;
                }
            }
            if (best == null) {
                missing.add(p.name() + ": " + p.requirement()
                        + (p.requiredBy() == null ? "" : " (required by " + p.requiredBy() + ")"));
                continue;
            }
            String by = p.requiredBy() == null ? d.name() : p.requiredBy();
            resolved.add(new DeployPlan.ResolvedDependency(
                    p.name(), p.requirement(), by, best.id(), best.versionText(), best.schema()));
            if (seen.add(best.id())) {
                for (Map.Entry<String, String> e : declared(c, best.id())) {
                    queue.add(new Pending(p.name() + " " + best.versionText(), e.getKey(), e.getValue()));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PackageException("There are unresolved dependencies. Deploy the following package(s) and try"
                    + " again:\n" + String.join("\n", missing));
        }
        return resolved;
    }

    private static List<Map.Entry<String, String>> declared(Connection c, long id) throws SQLException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(
                        c,
                        "SELECT dependency_name, requirement FROM " + R
                                + "dependencies WHERE package_id = ? ORDER BY position",
                        id);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Map.entry(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** Refuses role names that do not exist, all of them in one message. */
    static void requireRoles(Connection c, List<String> roles) throws SQLException {
        if (roles.isEmpty()) {
            return;
        }
        List<String> found = Sql.strings(c, "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY (?)", (Object)
                roles.toArray(String[]::new));
        List<String> missing =
                roles.stream().filter(r -> !found.contains(r)).distinct().toList();
        if (!missing.isEmpty()) {
            throw new PackageException(Message.text("Role(s) " + Sql.idents(missing)
                            + " do not exist in the database; create them (CREATE ROLE) or fix owner_role /"
                            + " usage_roles (")
                    .then(Option.OWNER)
                    .then(" / ")
                    .then(Option.USAGE)
                    .then("). Nothing was changed"));
        }
    }
}
