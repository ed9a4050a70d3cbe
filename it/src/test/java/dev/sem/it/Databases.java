package dev.sem.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.TestDatabase;

/** What the end-to-end tests read back from the database, over JDBC. */
final class Databases {

    /** The schema sem keeps its history in. */
    static final String HISTORY = "schema_evolution_manager";

    private Databases() {}

    /** {@code postgresql://user@host:port/name}, as a deployment passes it to {@code -Dsem.url}. */
    static String semUrl(TestDatabase db) {
        return "postgresql://" + db.user() + "@" + db.server().hostAndPort() + "/" + db.name();
    }

    /** The same database, without a user: the user comes from a settings.xml server. */
    static String semUrlWithoutUser(TestDatabase db) {
        return "postgresql://" + db.server().hostAndPort() + "/" + db.name();
    }

    /** Whether sem's history schema exists. */
    static boolean hasHistory(TestDatabase db) throws SQLException {
        return !query(db, "SELECT nspname FROM pg_namespace WHERE nspname = '" + HISTORY + "'")
                .isEmpty();
    }

    /** The applied scripts, in the order they were applied. */
    static List<String> appliedScripts(TestDatabase db) throws SQLException {
        return query(db, "SELECT filename FROM " + HISTORY + ".scripts ORDER BY id");
    }

    /**
     * Everything a failed run could have changed: every schema, relation and column outside the system catalogs, and
     * every row of sem's history tables.
     */
    static List<String> snapshot(TestDatabase db) throws SQLException {
        List<String> state = new ArrayList<>();
        state.addAll(query(
                db,
                "SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                        + " AND nspname <> 'information_schema' ORDER BY 1"));
        state.addAll(query(
                db,
                "SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' '"
                        + " || coalesce((SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod),"
                        + " ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
                        + " AND NOT a.attisdropped), '')"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1"));
        if (hasHistory(db)) {
            for (String table : query(
                    db,
                    "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = '" + HISTORY + "' AND c.relkind = 'r' ORDER BY 1")) {
                state.addAll(query(
                        db, "SELECT '" + table + ": ' || t::text FROM " + HISTORY + "." + table + " t ORDER BY 1"));
            }
        }
        return state;
    }

    /** The first column of every row. */
    static List<String> query(TestDatabase db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
