package dev.sem.pkg;

import java.sql.Connection;
import java.time.Duration;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that pgpm 0.1.62 manages is taken over, then deployed to by our deployer: nothing pgpm ran is run again,
 * and applications' {@code _pgpm.set_search_path(...)} calls bind to what we deploy next.
 */
@ExtendWith(TestPostgres.class)
class PgpmTakeoverDeployTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anOverwriteDeployAfterTheImportDoesNotRunPgpmsTableScriptsAgain(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            PkgPgpmImportTest.pgpmDatabase(c);
            PgpmImport.run(c, false, WAIT);
        }
        var util = pkg("util", "2_1_0")
                .basic()
                .tables("tables/001_create.sql", "CREATE TABLE settings (k text PRIMARY KEY, v text);")
                .tables("tables/002_fill.sql", "INSERT INTO settings VALUES ('a', 'b');")
                .functions("functions/f.sql", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
        DeployResult r = deploy(db, util.build(), DeployOptions.defaults().withMode(DeployMode.OVERWRITE));
        assertThat(r.files())
                .extracting(f -> f.path() + " " + f.status())
                .containsExactly(
                        "tables/001_create.sql skipped", "tables/002_fill.sql skipped", "functions/f.sql executed");
    }

    @Test
    void pgpmSetSearchPathCallsBindToTheVersionWeDeployAfterTheImport(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            PkgPgpmImportTest.pgpmDatabase(c);
            PgpmImport.run(c, false, WAIT);
        }
        var mid = pkg("mid", "1_1_0")
                .dep("low", "0_5")
                .functions(
                        "functions/call_low.sql",
                        "CREATE FUNCTION call_low() RETURNS text LANGUAGE plpgsql AS"
                                + " $$ BEGIN RETURN 'mid 1.1.0 -> ' || low_fn(); END $$;");
        deploy(db, mid.build());
        try (Connection app = db.connect()) {
            assertThat(RegistryRows.string(app, "SELECT _pgpm.set_search_path('mid', '>=1_0')"))
                    .contains("\"schema\" : \"mid_1_1_0\"");
            assertThat(RegistryRows.string(app, "SELECT call_low()")).isEqualTo("mid 1.1.0 -> low 0.5.0");
            RegistryRows.string(app, "SELECT _pgpm.set_search_path('mid', '1_0_0')");
            assertThat(RegistryRows.string(app, "SELECT call_low()")).isEqualTo("mid 1.0.0 -> low 0.5.0");
        }
    }
}
