package dev.sem.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;

/**
 * The schema of a database as deterministic text, read from the PostgreSQL catalog: what a reviewer reads after
 * {@code sem:verify}, and what two builds can diff. Two databases with the same schema give the same text, whatever the
 * order their DDL ran in, their object ids, or the roles that ran it.
 *
 * <p>Covered, in this order and each sorted by name (byte order): extensions (except the built-in {@code plpgsql}),
 * schemas, types (enums, domains, composite and range types), sequences, tables (columns with type, collation, default,
 * {@code NOT NULL}, identity and generated expressions; partitioning, inheritance, storage options; then constraints,
 * indexes, triggers, rules, row-level security policies, grants and comments), views and materialized views, and
 * functions, procedures and aggregates ({@code pg_get_functiondef}).
 *
 * <p>Left out: the system schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}, temporary
 * schemas), sem's own bookkeeping schema {@code schema_evolution_manager}, objects that belong to an extension, owners
 * (they name whoever ran the scripts), the grantors in grants, sequence values and data. Not covered: collations,
 * operators, casts, text-search objects, statistics objects, event triggers, foreign servers, publications.
 *
 * <p>The output reads like SQL but is ordered by name, not by dependency: read it, do not run it. Object names are
 * schema-qualified whatever the connection's {@code search_path}.
 */
public final class SchemaDump {

    /** sem's history schema (compatible with Ruby sem): bookkeeping, not the user's schema. */
    public static final String SEM_SCHEMA = "schema_evolution_manager";

    /** sem's package registry: bookkeeping too. */
    public static final String PACKAGE_REGISTRY = dev.sem.pkg.RegistrySchema.SCHEMA;

    private static final String HEADER = """
            -- Schema read from the PostgreSQL catalog by sem (sem:verify).
            -- Left out: pg_catalog, information_schema, pg_toast, schema_evolution_manager (sem's history),
            -- sem_packages (sem's package registry),
            -- extension members, owners and data. Ordered by name, not by dependency: read it, do not run it.
            """;

    private SchemaDump() {}

    /**
     * Reads the schema of the database {@code c} is connected to. Runs in a read-only transaction of its own when
     * {@code c} is in autocommit mode; the connection's {@code search_path} and autocommit mode are as before afterwards.
     *
     * @throws SQLException if a catalog query fails
     */
    public static String dump(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        String searchPath = autoCommit ? null : single(c, "SELECT current_setting('search_path')");
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            if (autoCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
            // Names of user objects come out schema-qualified only when their schema is not on the search path.
            single(c, "SELECT set_config('search_path', 'pg_catalog', true)");
            return new Dumper(c).dump();
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            } else {
                try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                    ps.setString(1, searchPath);
                    ps.execute();
                }
            }
        }
    }

    /**
     * Writes {@link #dump(Connection)} to {@code file} (UTF-8), creating its directory.
     *
     * @throws SemException if the catalog cannot be read or the file cannot be written (environment)
     */
    public static void write(Connection c, Path file) {
        String text;
        try {
            text = dump(c);
        } catch (SQLException e) {
            throw SemException.environment("Could not read the schema for " + file + ": " + e.getMessage(), e);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw SemException.environment("Could not write the schema dump " + file + ": " + e, e);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** One dump: the catalog queries and the text they build. */
    private static final class Dumper extends CatalogDump {

        Dumper(Connection c) {
            super(c, new StringBuilder(HEADER));
        }

        String dump() throws SQLException {
            extensions();
            schemas();
            new TypeDump(c, out).dump();
            sequences();
            new RelationDump(c, out).dump();
            functions();
            return out.toString();
        }

        private void extensions() throws SQLException {
            List<Row> rows = rows("""
                    SELECT quote_ident(x.extname), quote_ident(n.nspname), quote_literal(x.extversion)
                    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
                    WHERE x.extname <> 'plpgsql'
                    ORDER BY x.extname COLLATE "C"
                    """);
            if (rows.isEmpty()) {
                return;
            }
            section("Extensions");
            for (Row r : rows) {
                out.append("CREATE EXTENSION ")
                        .append(r.get(0))
                        .append(" WITH SCHEMA ")
                        .append(r.get(1))
                        .append(" VERSION ")
                        .append(r.get(2))
                        .append(";\n");
            }
        }

        private void schemas() throws SQLException {
            List<Row> rows = rows("SELECT quote_ident(n.nspname), quote_literal(obj_description(n.oid,"
                    + " 'pg_namespace')), n.oid::text FROM pg_namespace n WHERE " + USER_SCHEMA
                    + " AND " + ownObject("pg_namespace", "n.oid") + " ORDER BY n.nspname COLLATE \"C\"");
            Map<String, List<String>> grants = grants(
                    "SELECT n.oid::text, 'SCHEMA ' || quote_ident(n.nspname), n.nspacl, n.nspowner FROM pg_namespace n"
                            + " WHERE n.nspacl IS NOT NULL AND " + USER_SCHEMA);
            if (rows.isEmpty()) {
                return;
            }
            section("Schemas");
            for (Row r : rows) {
                out.append("CREATE SCHEMA ").append(r.get(0)).append(";\n");
                lines(grants.get(r.get(2)));
                comment("SCHEMA " + r.get(0), r.get(1));
            }
        }

        private void sequences() throws SQLException {
            List<Row> rows = rows("SELECT c.oid::text, " + qualified("c.relname")
                    + ", format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
                    + " s.seqcycle, quote_literal(obj_description(c.oid, 'pg_class')),"
                    + " (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(a.attname)"
                    + "  FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid"
                    + "  JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
                    + "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                    + "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                    + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_sequence s ON s.seqrelid = c.oid"
                    // Identity sequences are internal to their column, and shown there.
                    + " WHERE c.relkind = 'S' AND " + USER_SCHEMA + " AND " + ownObject("pg_class", "c.oid")
                    + " ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"");
            if (rows.isEmpty()) {
                return;
            }
            Map<String, List<String>> grants = relationGrants();
            section("Sequences");
            for (Row r : rows) {
                out.append("CREATE SEQUENCE ")
                        .append(r.get(1))
                        .append(" AS ")
                        .append(r.get(2))
                        .append(sequenceOptions(r, 3))
                        .append(";\n");
                if (r.get(10) != null) {
                    out.append("ALTER SEQUENCE ")
                            .append(r.get(1))
                            .append(" OWNED BY ")
                            .append(r.get(10))
                            .append(";\n");
                }
                lines(grants.get(r.get(0)));
                comment("SEQUENCE " + r.get(1), r.get(9));
            }
        }

        /** START … CYCLE from six columns starting at {@code from}: start, increment, min, max, cache, cycle. */
        private static String sequenceOptions(Row r, int from) {
            return " START WITH " + r.get(from) + " INCREMENT BY " + r.get(from + 1) + " MINVALUE " + r.get(from + 2)
                    + " MAXVALUE " + r.get(from + 3) + " CACHE " + r.get(from + 4)
                    + ("t".equals(r.get(from + 5)) ? " CYCLE" : " NO CYCLE");
        }

        private void functions() throws SQLException {
            List<Row> rows = rows("SELECT p.oid::text, " + qualified("p.proname")
                    + " || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.prokind,"
                    + " CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,"
                    + " quote_literal(obj_description(p.oid, 'pg_proc')),"
                    + " (SELECT a.aggtransfn::regproc::text || '|' || format_type(a.aggtranstype, NULL)"
                    + "    || '|' || COALESCE(NULLIF(a.aggfinalfn, 0)::regproc::text, '')"
                    + "    || '|' || COALESCE(quote_literal(a.agginitval), '')"
                    + "  FROM pg_aggregate a WHERE a.aggfnoid = p.oid)"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE " + USER_SCHEMA + " AND " + ownObject("pg_proc", "p.oid")
                    + " ORDER BY n.nspname COLLATE \"C\", p.proname COLLATE \"C\","
                    + " pg_get_function_identity_arguments(p.oid) COLLATE \"C\"");
            if (rows.isEmpty()) {
                return;
            }
            section("Functions and procedures");
            for (Row r : rows) {
                String signature = r.get(1);
                String kind = r.get(2);
                out.append('\n');
                if (kind.equals("a")) {
                    String[] agg = r.get(5).split("\\|", -1);
                    out.append("CREATE AGGREGATE ")
                            .append(signature)
                            .append(" (SFUNC = ")
                            .append(agg[0])
                            .append(", STYPE = ")
                            .append(agg[1]);
                    if (!agg[2].isEmpty()) {
                        out.append(", FINALFUNC = ").append(agg[2]);
                    }
                    if (!agg[3].isEmpty()) {
                        out.append(", INITCOND = ").append(agg[3]);
                    }
                    out.append(");\n");
                } else {
                    out.append(stripTrailingNewlines(r.get(3))).append(";\n");
                }
                String objectKind = switch (kind) {
                    case "a" -> "AGGREGATE ";
                    case "p" -> "PROCEDURE ";
                    default -> "FUNCTION ";
                };
                comment(objectKind + signature, r.get(4));
            }
        }
    }
}
