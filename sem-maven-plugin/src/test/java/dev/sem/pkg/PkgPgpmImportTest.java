package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.sem.Option;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Taking over a database that pgpm 0.1.62 manages: rows, schemas, links, events and the table-script log imported,
 * unmappable rows reported, idempotent, and applications' {@code _pgpm.set_search_path} calls keep working.
 */
@ExtendWith(TestPostgres.class)
class PkgPgpmImportTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    static void pgpmDatabase(Connection c) throws SQLException, IOException {
        try (InputStream in = PkgPgpmImportTest.class.getResourceAsStream("pgpm-0.1.62.sql")) {
            RegistryRows.exec(c, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static String pgpmCounts(Connection c) throws SQLException {
        return RegistryRows.string(
                c,
                "SELECT (SELECT count(*) FROM _pgpm.packages) || '/'"
                        + " || (SELECT count(*) FROM _pgpm.package_dependencies) || '/'"
                        + " || (SELECT count(*) FROM _pgpm.deployment_events) || '/'"
                        + " || (SELECT count(*) FROM _pgpm.table_evolutions_log)");
    }

    @Test
    void rowsAreImportedWithTheSchemaThatExistsAndUnmappableRowsAreReported(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
            String before = pgpmCounts(c);
            PgpmImport.Result r = PgpmImport.run(c, false, WAIT);
            assertThat(r.pgpmVersion()).isEqualTo("0.1.62");
            assertThat(r.imported())
                    .extracting(
                            PgpmImport.Imported::name,
                            PgpmImport.Imported::version,
                            PgpmImport.Imported::schema,
                            PgpmImport.Imported::status)
                    .containsExactly(
                            tuple("api", "01_09_00", "api_01_09_00", "active"),
                            tuple("low", "0_5_0", "low_0_5_0", "active"),
                            tuple("util", "2_1_0", "util", "active"),
                            tuple("util", "1_0_0", "util_0", "renamed"),
                            tuple("api", "01_09_00", "api_01_09_00_0", "renamed"),
                            tuple("mid", "1_0_0", "mid_1_0_0", "active"));
            assertThat(r.unmapped())
                    .extracting(PgpmImport.Unmapped::kind, PgpmImport.Unmapped::pgpmId)
                    .containsExactlyInAnyOrder(
                            tuple("package", 7), tuple("dependency", 2), tuple("event", 7), tuple("table_script", 5));
            assertThat(r.unmapped().get(0).reason().toString())
                    .contains("no schema of that name and version exists")
                    .contains("name it in the databaseScope option");
            assertThat(r.unmapped().get(0).reason().options()).containsExactly(Option.DATABASE_SCOPE);
            assertThat(r.dependencies()).isEqualTo(3);
            assertThat(r.events()).isEqualTo(7);
            assertThat(r.tableScripts()).isEqualTo(4);
            assertThat(pgpmCounts(c)).isEqualTo(before);
            assertThat(RegistryRows.string(
                            c,
                            "SELECT string_agg(dependency_name || '=' || resolved_version, ','"
                                    + " ORDER BY position) FROM sem_packages.dependencies d JOIN sem_packages.packages p"
                                    + " ON p.id = d.package_id WHERE p.schema_name = 'api_01_09_00'"))
                    .isEqualTo("low=0_5_0,util=2_1_0");
            assertThat(RegistryRows.string(
                            c, "SELECT revision FROM sem_packages.packages WHERE schema_name = 'util_0'"))
                    .isEqualTo("0");
            assertThat(RegistryRows.string(
                            c,
                            "SELECT vcs_ref || ' ' || issue_ref || ' ' || txid FROM"
                                    + " sem_packages.events e JOIN sem_packages.packages p ON p.id = e.package_id"
                                    + " WHERE p.name = 'low' AND e.event = 'deploy'"))
                    .isEqualTo("c0ffee1 OPS-1 1001");
        }
    }

    @Test
    void importedTableScriptsCountAsRunForTheirSchemaInstance(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
            PgpmImport.run(c, false, WAIT);
            String util = "(SELECT schema_instance FROM sem_packages.packages WHERE schema_name = 'util')";
            String util0 = "(SELECT schema_instance FROM sem_packages.packages WHERE schema_name = 'util_0')";
            String api = "(SELECT schema_instance FROM sem_packages.packages WHERE schema_name = 'api_01_09_00')";
            assertThat(RegistryRows.string(
                            c,
                            "SELECT sem_packages.table_script_logged('util', " + util
                                    + ", 'tables/001_create.sql') AND sem_packages.table_script_logged('util', " + util
                                    + ", 'tables/002_fill.sql') AND sem_packages.table_script_logged('util', " + util0
                                    + ", 'tables/001_create.sql') AND sem_packages.table_script_logged('api', " + api
                                    + ", 'tables/t/003.sql')"))
                    .isEqualTo("t");
            assertThat(RegistryRows.string(
                            c,
                            "SELECT sem_packages.table_script_logged('util', " + util0
                                    + ", 'tables/002_fill.sql') OR sem_packages.table_script_logged('util', " + util
                                    + ", 'tables/x001_create.sql')"))
                    .isEqualTo("f");
        }
    }

    @Test
    void importingAgainAddsNothing(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
            PgpmImport.run(c, false, WAIT);
            String counts = RegistryRows.string(
                    c,
                    "SELECT (SELECT count(*) FROM sem_packages.packages) || '/'"
                            + " || (SELECT count(*) FROM sem_packages.dependencies) || '/'"
                            + " || (SELECT count(*) FROM sem_packages.events) || '/'"
                            + " || (SELECT count(*) FROM sem_packages.table_scripts)");
            PgpmImport.Result again = PgpmImport.run(c, false, WAIT);
            assertThat(again.imported()).isEmpty();
            assertThat(again.alreadyImported()).hasSize(6);
            assertThat(again.events()).isZero();
            assertThat(again.tableScripts()).isZero();
            assertThat(RegistryRows.string(
                            c,
                            "SELECT (SELECT count(*) FROM sem_packages.packages) || '/'"
                                    + " || (SELECT count(*) FROM sem_packages.dependencies) || '/'"
                                    + " || (SELECT count(*) FROM sem_packages.events) || '/'"
                                    + " || (SELECT count(*) FROM sem_packages.table_scripts)"))
                    .isEqualTo(counts);
        }
    }

    @Test
    void applicationsPgpmSetSearchPathCallsWorkBeforeAndAfterTheImportAndAfterTheNextDeploy(TestDatabase db)
            throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
        }
        try (Connection app = db.connect()) {
            RegistryRows.string(app, "SELECT _pgpm.set_search_path('mid', '>=1_0')");
            assertThat(RegistryRows.string(app, "SELECT call_low()")).isEqualTo("mid 1.0.0 -> low 0.5.0");
        }
        try (Connection c = db.connect()) {
            PgpmImport.run(c, false, WAIT);
        }
        try (Connection app = db.connect()) {
            assertThat(RegistryRows.string(app, "SELECT _pgpm.set_search_path('mid', '>=1_0')"))
                    .contains("\"pkg_name\" : \"mid\"", "\"pkg_v_major\" : 1", "\"schema\" : \"mid_1_0_0\"");
            assertThat(RegistryRows.string(app, "SELECT call_low()")).isEqualTo("mid 1.0.0 -> low 0.5.0");
            RegistryRows.string(app, "SELECT _pgpm.set_search_path('api', '1_9')");
            assertThat(RegistryRows.string(app, "SHOW search_path")).isEqualTo("api_01_09_00, low_0_5_0, util, public");
            assertThat(RegistryRows.string(app, "SELECT whoami()")).isEqualTo("api_01_09_00");
        }
        try (Connection c = db.connect()) {
            long low = RegistryRows.number(c, "SELECT id FROM sem_packages.packages WHERE name = 'low'");
            long mid = RegistryRows.versioned(c, "mid", "1_1_0");
            RegistryRows.link(c, mid, 1, "low", "0_5", low);
            RegistryRows.exec(
                    c,
                    "CREATE FUNCTION mid_1_1_0.call_low() RETURNS text LANGUAGE plpgsql AS"
                            + " $$ BEGIN RETURN 'mid 1.1.0 -> ' || low_fn(); END $$");
        }
        try (Connection app = db.connect()) {
            RegistryRows.string(app, "SELECT _pgpm.set_search_path('mid', '>=1_0')");
            assertThat(RegistryRows.string(app, "SELECT call_low()")).isEqualTo("mid 1.1.0 -> low 0.5.0");
        }
    }

    @Test
    void droppingPgpmKeepsOnlyTheCompatibilityWrapper(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
            PgpmImport.Result r = PgpmImport.run(c, true, WAIT);
            assertThat(r.pgpmDropped()).isTrue();
            assertThat(RegistryRows.string(c, "SELECT to_regclass('_pgpm.packages')"))
                    .isNull();
            assertThat(RegistryRows.string(
                            c,
                            "SELECT string_agg(proname, ',') FROM pg_proc"
                                    + " WHERE pronamespace = '_pgpm'::regnamespace"))
                    .isEqualTo("set_search_path");
            RegistryRows.string(c, "SELECT _pgpm.set_search_path('mid', '1')");
            assertThat(RegistryRows.string(c, "SELECT call_low()")).isEqualTo("mid 1.0.0 -> low 0.5.0");
        }
    }

    @Test
    void packagesNamedAsDatabaseScopeAreImportedWithoutSchemaAndTheirTableScriptsOncePerPackage(TestDatabase db)
            throws Exception {
        try (Connection c = db.connect()) {
            pgpmDatabase(c);
            PgpmImport.Result r = PgpmImport.run(c, false, java.util.Set.of("ghost"), WAIT);
            assertThat(r.imported())
                    .filteredOn(i -> i.name().equals("ghost"))
                    .extracting(PgpmImport.Imported::scope, PgpmImport.Imported::schema, PgpmImport.Imported::version)
                    .containsExactly(tuple("DATABASE", null, "1_0_0"));
            assertThat(r.unmapped()).isEmpty();
            assertThat(RegistryRows.string(
                            c, "SELECT sem_packages.table_script_logged('ghost', 0," + " 'tables/001_ghost.sql')"))
                    .isEqualTo("t");
            RegistryRows.string(c, "SELECT sem_packages.set_search_path('api', '1')");
            assertThat(RegistryRows.string(c, "SHOW search_path")).isEqualTo("api_01_09_00, low_0_5_0, util, public");
        }
    }
}
