package dev.sem.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.history.Catalog.execute;
import static dev.sem.history.Catalog.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class BootstrapTakeoverTest {

    private static final String S = "schema_evolution_manager";
    private static final String HARDENED = "20261121-090000.sql";
    private static final String SIDE = "20261121-090100.sql";

    @Test
    void rubyV0958DatabaseGetsOnlyTheJavaEntriesAndHardenedHelpers(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.V0_9_58);
            RubySemFixture.recordScript(c, "20200101-000000.sql");
            RubySemFixture.recordVersion(c, "1.0.0");
            assertThat(Catalog.functionSource(c, "create_prevent_update_trigger"))
                    .doesNotContain("parse_ident");
            List<String> before = Catalog.table(c, S, "scripts");

            assertThat(Bootstrap.plan(c).entryNames()).containsExactly(HARDENED, SIDE);
            BootstrapResult result = Bootstrap.run(c);

            assertThat(result.entryNames()).containsExactly(HARDENED, SIDE);
            assertThat(result.warnings()).isEmpty();
            assertThat(Catalog.bootstrapRows(c))
                    .containsExactly(
                            "20130318-105434.sql", "20130318-105456.sql", "20260717-000000.sql", HARDENED, SIDE);
            for (String fn : RubySemFixture.HELPER_FUNCTIONS) {
                if (fn.startsWith("create_")) {
                    assertThat(Catalog.functionSource(c, fn)).as(fn).contains("parse_ident");
                }
            }
            assertThat(Catalog.table(c, S, "scripts")).isEqualTo(before);
            assertThat(History.appliedScripts(c)).containsExactly("20200101-000000.sql");
            assertThat(History.latestVersion(c)).contains("1.0.0");
            assertThat(Bootstrap.run(c).entries()).isEmpty();
        }
    }

    @Test
    void databaseFromBefore0958GetsTheVersionsTable(TestDatabase db, TestDatabase reference) throws SQLException {
        try (Connection c = db.connect();
                Connection r = reference.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.BEFORE_0_9_58);
            RubySemFixture.bootstrap(r, RubyRelease.V0_9_58);
            assertThat(History.tableExists(c, "versions")).isFalse();
            assertThat(History.latestVersion(c)).isEmpty();

            BootstrapResult result = Bootstrap.run(c);

            assertThat(result.entryNames()).containsExactly("20260717-000000.sql", HARDENED, SIDE);
            assertThat(Catalog.bootstrapRows(c))
                    .containsExactly(
                            "20130318-105434.sql", "20130318-105456.sql", "20260717-000000.sql", HARDENED, SIDE);
            assertThat(Catalog.table(c, S, "versions")).isEqualTo(Catalog.table(r, S, "versions"));
            assertThat(History.recordVersionIfChanged(c, "0.0.1")).isTrue();
        }
    }

    @Test
    void unknownBootstrapRowIsAWarningAndTheRunGoesOn(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.V0_9_58);
            execute(c, "INSERT INTO " + S + ".bootstrap_scripts (filename) VALUES ('20300101-000000.sql')");

            BootstrapResult plan = Bootstrap.plan(c);
            BootstrapResult result = Bootstrap.run(c);

            String warning = "Unknown bootstrap entry 20300101-000000.sql in schema_evolution_manager.bootstrap_scripts"
                    + " (probably from a newer sem (Ruby)); ignored";
            assertThat(plan.warnings()).containsExactly(warning);
            assertThat(result.warnings()).containsExactly(warning);
            assertThat(result.entryNames()).containsExactly(HARDENED, SIDE);
        }
    }

    @Test
    void schemaWithAStrayObjectButNoBootstrapTableIsRefusedUnchanged(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "CREATE SCHEMA " + S);
            execute(c, "CREATE TABLE " + S + ".stray (id int)");
            List<String> before = Catalog.relations(c, S);

            assertThatThrownBy(() -> Bootstrap.plan(c))
                    .isInstanceOf(BootstrapException.class)
                    .hasMessageContaining("no bootstrap_scripts table");
            assertThatThrownBy(() -> Bootstrap.run(c))
                    .isInstanceOf(BootstrapException.class)
                    .hasMessageStartingWith("Schema schema_evolution_manager contains ")
                    .hasMessageContaining("no bootstrap_scripts table")
                    .hasMessageContaining("then run again");

            assertThat(Catalog.relations(c, S)).isEqualTo(before);
        }
    }

    @Test
    void schemaWithOnlyAFunctionIsNotEmpty(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "CREATE SCHEMA " + S);
            execute(c, "CREATE FUNCTION " + S + ".f() RETURNS int LANGUAGE sql AS 'SELECT 1'");

            assertThatThrownBy(() -> Bootstrap.run(c)).isInstanceOf(BootstrapException.class);
            assertThat(Catalog.relations(c, S)).isEmpty();
        }
    }

    @Test
    void scriptsTableWithOtherColumnsIsRefusedUnchanged(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.BEFORE_0_9_58);
            execute(c, "ALTER TABLE " + S + ".scripts ADD COLUMN checksum text");

            assertThatThrownBy(() -> Bootstrap.run(c))
                    .isInstanceOf(BootstrapException.class)
                    .hasMessageContaining("Table schema_evolution_manager.scripts has columns (id bigint not null,"
                            + " filename character varying(100) not null, created_at timestamp with time zone not null,"
                            + " checksum text null)")
                    .hasMessageContaining("sem expects");

            assertThat(Catalog.bootstrapRows(c)).containsExactly("20130318-105434.sql", "20130318-105456.sql");
            assertThat(History.tableExists(c, "versions")).isFalse();
        }
    }

    @Test
    void versionsTableWithAnotherTypeIsRefused(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.BEFORE_0_9_58);
            execute(
                    c,
                    "CREATE TABLE " + S + ".versions (id bigserial, version text not null,"
                            + " created_at timestamptz not null default now())");

            assertThatThrownBy(() -> Bootstrap.run(c))
                    .isInstanceOf(BootstrapException.class)
                    .hasMessageContaining("Table schema_evolution_manager.versions has columns");
            assertThat(Catalog.bootstrapRows(c)).hasSize(2);
        }
    }

    @Test
    void helpersOwnedByAnotherRoleFailNamingTheOwnerAndNothingIsRecorded(TestDatabase db) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String owner = "sem_owner_" + suffix;
        String deployer = "sem_deployer_" + suffix;
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.V0_9_58);
            execute(c, "CREATE ROLE " + owner + " NOLOGIN");
            execute(c, "CREATE ROLE " + deployer + " NOLOGIN");
            try {
                for (String signature : Catalog.strings(
                        c,
                        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n"
                                + " ON n.oid = p.pronamespace WHERE n.nspname = ?",
                        S)) {
                    execute(c, "ALTER FUNCTION " + signature + " OWNER TO " + owner);
                }
                execute(c, "GRANT USAGE, CREATE ON SCHEMA " + S + " TO " + deployer);
                execute(c, "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA " + S + " TO " + deployer);
                execute(c, "GRANT USAGE ON ALL SEQUENCES IN SCHEMA " + S + " TO " + deployer);
                String rubySource = Catalog.functionSource(c, "create_basic_created_audit_data");

                execute(c, "SET ROLE " + deployer);
                assertThatThrownBy(() -> Bootstrap.run(c))
                        .isInstanceOf(BootstrapException.class)
                        .hasMessageStartingWith("Bootstrap entry " + HARDENED)
                        .hasMessageContaining("is owned by role " + owner)
                        .hasMessageContaining("Run the bootstrap as " + owner)
                        .hasMessageNotContaining("\n");
                execute(c, "RESET ROLE");

                assertThat(Catalog.bootstrapRows(c)).containsExactlyElementsOf(RubySemFixture.UPSTREAM_ENTRIES);
                assertThat(Catalog.functionSource(c, "create_basic_created_audit_data"))
                        .isEqualTo(rubySource);
                assertThat(History.tableExists(c, "sem_java_script_checksums")).isFalse();

                // A member of the owning role may replace them; the owner stays.
                execute(c, "GRANT " + owner + " TO " + deployer);
                execute(c, "SET ROLE " + deployer);
                assertThat(Bootstrap.run(c).entryNames()).containsExactly(HARDENED, SIDE);
                execute(c, "RESET ROLE");
                assertThat(Catalog.functionSource(c, "create_basic_created_audit_data"))
                        .contains("parse_ident");
                assertThat(string(
                                c,
                                "SELECT proowner::regrole::text FROM pg_proc"
                                        + " WHERE proname = 'create_basic_created_audit_data'"))
                        .isEqualTo(owner);
            } finally {
                execute(c, "RESET ROLE");
                for (String role : List.of(deployer, owner)) {
                    execute(c, "REASSIGN OWNED BY " + role + " TO CURRENT_USER");
                    execute(c, "DROP OWNED BY " + role);
                    execute(c, "DROP ROLE " + role);
                }
            }
        }
    }

    @Test
    void planOnARubyDatabaseWritesNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.BEFORE_0_9_58);
            List<String> relations = Catalog.relations(c, S);

            BootstrapResult plan = Bootstrap.plan(c);

            assertThat(plan.entryNames()).containsExactly("20260717-000000.sql", HARDENED, SIDE);
            assertThat(Catalog.relations(c, S)).isEqualTo(relations);
            assertThat(Catalog.bootstrapRows(c)).hasSize(2);
        }
    }

    @Test
    void sideTablesTolerateRubyInsertsAndRubyCanStillRecord(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            // What sem (Ruby) does on a Java-managed database.
            RubySemFixture.recordScript(c, "20261121-100000.sql");
            RubySemFixture.recordVersion(c, "2.0.0");

            assertThat(History.appliedScripts(c)).containsExactly("20261121-100000.sql");
            assertThat(History.storedChecksums(c)).isEmpty();
            assertThat(History.latestVersion(c)).contains("2.0.0");
        }
    }
}
