package dev.sem.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RESDB sets against a real resource database: the rows of its query become targets. */
@ExtendWith(TestPostgres.class)
class ResdbTest {

    private static final String QUERY =
            "SELECT host, port, dbname, environment, product, unique_name FROM fleet ORDER BY position";

    @TempDir
    Path dir;

    private final AtomicInteger resdbCalls = new AtomicInteger();

    /** The libpq key/value string of the test database, without credentials. */
    private static String connectionString(TestDatabase db) {
        DatabaseUrl.Host host = DatabaseUrl.parse(db.jdbcUrl()).hosts().get(0);
        return "host=" + host.name() + " port=" + host.port() + " dbname=" + db.name() + " user=" + db.user();
    }

    /** Credentials come from outside the file, as settings.xml or PGPASSWORD would give them. */
    private Function<String, ConnectionSettings> settings(String password) {
        return cs -> {
            resdbCalls.incrementAndGet();
            ConnectionSettings.Builder b = ConnectionSettings.builder(cs)
                    .env(Map.of())
                    .userHome(Path.of(System.getProperty("java.io.tmpdir")));
            if (password != null) {
                b.password(password, "test");
            }
            return b.build();
        };
    }

    private static void createFleet(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fleet (position int, host text, port int, dbname text, environment text,"
                    + " product text, unique_name text)");
            s.execute("INSERT INTO fleet VALUES"
                    + " (3, 'db3', 5434, 'shop', 'prod', 'shop', 'shop-3'),"
                    + " (1, 'db1', NULL, 'shop', 'prod', 'shop', 'shop-1'),"
                    + " (2, 'db2', 5433, 'shop', 'test', 'shop', NULL),"
                    + " (4, 'db4', 5432, 'crm', 'prod', 'crm', 'crm-1')");
        }
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("targets.json");
        Files.writeString(file, json.replace('\'', '"'));
        return file;
    }

    private Path fleetFile(TestDatabase db, String query) throws IOException {
        return write("{'connection_sets': ["
                + "{'name': 'static', 'type': 'LIST', 'payload': [{'host': 'db0', 'dbname': 'shop',"
                + " 'environment': 'prod', 'product': 'shop', 'unique_name': 'shop-0'}]},"
                + "{'name': 'resdb', 'type': 'RESDB', 'connection_string': '" + connectionString(db) + "',"
                + " 'payload': '" + query + "'}]}");
    }

    @Test
    void rowsOfTheQueryBecomeTargetsInRowOrderAfterEarlierSets(TestDatabase db) throws Exception {
        createFleet(db);
        TargetFile file = TargetFile.read(fleetFile(db, QUERY));
        assertThat(resdbCalls).hasValue(0);

        List<Target> all = file.select(Selection.all(), settings(db.password()));

        assertThat(all)
                .containsExactly(
                        new Target("shop-0", "db0", 5432, "shop", "prod", "shop", "static"),
                        new Target("shop-1", "db1", 5432, "shop", "prod", "shop", "resdb"),
                        new Target(null, "db2", 5433, "shop", "test", "shop", "resdb"),
                        new Target("shop-3", "db3", 5434, "shop", "prod", "shop", "resdb"),
                        new Target("crm-1", "db4", 5432, "crm", "prod", "crm", "resdb"));
        assertThat(resdbCalls).as("one query per RESDB set").hasValue(1);

        assertThat(file.select(
                        new Selection("prod", "shop", List.of(), List.of("shop-1"), null), settings(db.password())))
                .extracting(Target::label)
                .containsExactly("shop-0", "shop-3");
    }

    @Test
    void aFailingQueryNamesTheSetAndTheServerMessage(TestDatabase db) throws Exception {
        Path path = fleetFile(db, "SELECT host FROM no_such_table");
        TargetFile file = TargetFile.read(path);

        assertThatThrownBy(() -> file.select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessage(path + ": connection set \"resdb\": the RESDB query failed: ERROR: relation"
                        + " \"no_such_table\" does not exist; fix the query (payload) so that it returns host, port,"
                        + " dbname, environment, product, unique_name");
    }

    @Test
    void thePasswordNeverAppearsInTheError(TestDatabase db) throws Exception {
        String password = db.password() != null ? db.password() : "pw-secret-4711";
        Path path = fleetFile(db, "SELECT ($$" + password + "$$)::int AS host");
        TargetFile file = TargetFile.read(path);

        assertThatThrownBy(() -> file.select(Selection.all(), settings(password)))
                .isInstanceOf(TargetsException.class)
                .hasMessageContaining(
                        "the RESDB query failed: ERROR: invalid input syntax for type integer:" + " \"[REDACTED]\"")
                .hasMessageNotContaining(password);
    }

    @Test
    void theQueryRunsReadOnly(TestDatabase db) throws Exception {
        createFleet(db);
        Path path = fleetFile(
                db, "WITH gone AS (DELETE FROM fleet RETURNING *) SELECT host, port, dbname, unique_name FROM gone");

        assertThatThrownBy(() -> TargetFile.read(path).select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessageContaining(": connection set \"resdb\": the RESDB query failed: ERROR: cannot execute"
                        + " SELECT in a read-only transaction;"); // the server names the statement, not the CTE
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM fleet")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void rowsAreValidatedLikeEntries(TestDatabase db) throws Exception {
        createFleet(db);
        Path path = fleetFile(db, "SELECT host, 70000 AS port, dbname FROM fleet ORDER BY position");
        assertThatThrownBy(() -> TargetFile.read(path).select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessage(path + ": connection set \"resdb\", row 1: port 70000 is not a port number; give an"
                        + " integer from 1 to 65535, or leave it out for 5432");

        Path noHost = fleetFile(db, "SELECT dbname FROM fleet");
        assertThatThrownBy(() -> TargetFile.read(noHost).select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessage(noHost + ": connection set \"resdb\": the RESDB query returns no host column; return"
                        + " host, port, dbname, environment, product, unique_name (port, environment, product and"
                        + " unique_name may be left out)");

        Path duplicate = fleetFile(db, "SELECT host, dbname, $$shop-0$$ AS unique_name FROM fleet");
        assertThatThrownBy(() -> TargetFile.read(duplicate).select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessage(duplicate + ": connection set \"resdb\", row 1: unique_name \"shop-0\" is already used"
                        + " by connection set \"static\", payload[0]; give each entry its own unique_name");

        Path password = fleetFile(db, "SELECT host, dbname, $$x$$ AS password FROM fleet");
        assertThatThrownBy(() -> TargetFile.read(password).select(Selection.all(), settings(db.password())))
                .isInstanceOf(TargetsException.class)
                .hasMessage(password + ": connection set \"resdb\": the RESDB query returns a column password;"
                        + " no passwords in the targets file; use settings.xml servers, PGPASSWORD or ~/.pgpass");
    }

    @Test
    void readDoesNotQueryAnUnreachableResourceDatabase() throws Exception {
        Path path = write("{'connection_sets': [{'name': 'down', 'type': 'RESDB',"
                + " 'connection_string': 'host=127.0.0.1 port=1 dbname=fleet user=nobody connect_timeout=2',"
                + " 'payload': '" + QUERY + "'}]}");

        TargetFile file = TargetFile.read(path);
        assertThat(file.setNames()).containsExactly("down");
        assertThat(resdbCalls).hasValue(0);

        assertThatThrownBy(() -> file.select(Selection.all(), settings(null)))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("for the RESDB query of connection set \"down\" in " + path)
                .satisfies(e -> assertThat(((SemException) e).isUserError()).isFalse());
    }
}
