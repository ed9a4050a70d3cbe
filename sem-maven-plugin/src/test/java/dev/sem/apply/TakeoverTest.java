package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;

import dev.sem.history.RubyRelease;
import dev.sem.history.RubySemFixture;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.apply.Scripts.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** Direction A (we take over from sem (Ruby)) and the state sem (Ruby) needs to take over again (direction B). */
@ExtendWith(TestPostgres.class)
class TakeoverTest {

    @TempDir
    Path tmp;

    @Test
    void aDatabaseManagedBySemRubyIsTakenOverWithNothingReRun(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.V0_9_58);
            c.createStatement().execute("create table a (id int)");
            RubySemFixture.recordScript(c, "20250101-000001.sql");
            RubySemFixture.recordVersion(c, "1.0.0");
        }
        Scripts s = new Scripts(tmp)
                .add("20250101-000001.sql", "create table a (id int);") // would fail if run again
                .add("20250102-000001.sql", "create table b (id int);")
                .version("1.1.0");
        CollectingLog log = new CollectingLog();
        ApplyReport r = Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());

        assertThat(r.withStatus("applied"))
                .extracting(ApplyReport.ScriptResult::name)
                .containsExactly("20250102-000001.sql");
        assertThat(applied(db)).containsExactly("20250101-000001.sql", "20250102-000001.sql");
        assertThat(log.text()).contains("Adopted the current checksum of 1 script(s)");
        assertThat(strings(db, "SELECT version FROM schema_evolution_manager.versions ORDER BY id"))
                .containsExactly("1.0.0", "1.1.0");
        // Only our own bootstrap entries ran; the upstream three are recorded once.
        assertThat(strings(db, "SELECT filename FROM schema_evolution_manager.bootstrap_scripts ORDER BY id"))
                .startsWith("20130318-105434.sql", "20130318-105456.sql", "20260717-000000.sql")
                .doesNotHaveDuplicates();
    }

    @Test
    void aDatabaseFromBeforeTheVersionsTableGetsItWithoutReRunningScripts(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            RubySemFixture.bootstrap(c, RubyRelease.BEFORE_0_9_58);
            RubySemFixture.recordScript(c, "20130101-000001.sql");
        }
        Scripts s =
                new Scripts(tmp).add("20130101-000001.sql", "select bogus();").version("0.9.0");
        Scripts.applier(db, new CollectingLog()).apply(s.base, ApplyOptions.defaults());
        assertThat(strings(db, "SELECT version FROM schema_evolution_manager.versions"))
                .containsExactly("0.9.0");
        assertThat(strings(db, "SELECT filename FROM schema_evolution_manager.bootstrap_scripts"))
                .contains("20260717-000000.sql");
    }

    @Test
    void whatSemRubyNeedsToContinueIsInPlace(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "create table a (id int);");
        Scripts.applier(db, new CollectingLog()).apply(s.base, ApplyOptions.defaults());
        // sem (Ruby) bootstraps only file names missing from bootstrap_scripts, and applies only names missing from
        // scripts: all three upstream entries are recorded, and our script is recorded in its table by name.
        assertThat(strings(db, "SELECT filename FROM schema_evolution_manager.bootstrap_scripts"))
                .contains(RubySemFixture.UPSTREAM_ENTRIES.toArray(String[]::new));
        assertThat(count(
                        db,
                        "SELECT count(*) FROM schema_evolution_manager.scripts WHERE filename = '20260101-000001.sql'"))
                .isEqualTo(1);
        // The three sem tables keep exactly their columns (sem inserts listing only filename/version).
        assertThat(strings(
                        db,
                        "SELECT string_agg(column_name::text, ',' ORDER BY ordinal_position) FROM information_schema.columns"
                                + " WHERE table_schema = 'schema_evolution_manager' AND table_name = 'scripts'"))
                .containsExactly("id,filename,created_at");
        Scripts.exec(db, "insert into schema_evolution_manager.scripts (filename) values ('20260102-000000.sql')");
    }
}
