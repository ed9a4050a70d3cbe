package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.sem.Option;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code remove}: drops a package version or revision schema and marks its row dropped, a dry run by default, with
 * drop_schema_smart's safety checks; and {@code sem_packages.drop_schema_smart} itself.
 *
 * <p>pgpm defects (spec §17): 23 ({@code remove} did nothing).
 */
@ExtendWith(TestPostgres.class)
class PkgPackageRemoverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    static PackageRemover.Result remove(
            Connection c, String name, String version, Integer rev, boolean force, boolean dryRun) throws SQLException {
        return PackageRemover.remove(c, new PackageRemover.Request(name, version, rev, force, dryRun), WAIT);
    }

    @Test
    void aDryRunReportsTheActionsAndChangesNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            PackageRemover.Result r = remove(c, "util", "1_0_0", null, false, true);
            assertThat(r.dryRun()).isTrue();
            assertThat(r.actions()).first().isEqualTo("DROP SCHEMA \"util_1_0_0\" CASCADE");
            assertThat(RegistryRows.string(c, "SELECT util_1_0_0.whoami()")).isEqualTo("util_1_0_0");
            assertThat(RegistryRows.string(c, "SELECT status FROM sem_packages.packages"))
                    .isEqualTo("active");
        }
    }

    @Test
    void removingDropsTheSchemaMarksOnlyThatRowAndNotifies(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Connection listener = db.connect()) {
            RegistrySchema.ensure(c);
            long old = RegistryRows.versioned(c, "util", "01_00_00");
            RegistryRows.versioned(c, "util", "2_0_0");
            RegistryRows.exec(listener, "LISTEN sem_package_events; LISTEN \"deployment_events$$util\"");
            PackageRemover.Result r = remove(c, "util", "1_0_0", null, false, false);
            assertThat(r.packageId()).isEqualTo(old);
            assertThat(r.version()).isEqualTo("01_00_00");
            assertThat(RegistryRows.string(c, "SELECT to_regnamespace('util_01_00_00')"))
                    .isNull();
            assertThat(RegistryRows.string(
                            c,
                            "SELECT string_agg(version_text || ':' || status, ',' ORDER BY id)"
                                    + " FROM sem_packages.packages"))
                    .isEqualTo("01_00_00:dropped,2_0_0:active");
            assertThat(RegistryRows.string(c, "SELECT event FROM sem_packages.events WHERE id = " + r.eventId()))
                    .isEqualTo("drop");
            RegistryRows.exec(listener, "SELECT 1");
            PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(2000);
            assertThat(notes)
                    .extracting(PGNotification::getName)
                    .containsExactly("sem_package_events", "deployment_events$$util");
            assertThat(notes[0].getParameter())
                    .isEqualTo("{\"package\" : \"util\", \"version\" : \"01_00_00\","
                            + " \"schema\" : \"util_01_00_00\", \"event\" : \"drop\", \"event_id\" : " + r.eventId()
                            + "}");
            assertThat(notes[1].getParameter()).isEqualTo("1_0_0");
        }
    }

    @Test
    void aRenamedRevisionIsRemovedByItsNumber(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long old = RegistryRows.versioned(c, "util", "1_0_0");
            RegistryRows.renamed(c, old, 0);
            RegistryRows.versioned(c, "util", "1_0_0");
            remove(c, "util", "1_0_0", 0, false, false);
            assertThat(RegistryRows.string(c, "SELECT to_regnamespace('util_1_0_0_0')"))
                    .isNull();
            assertThat(RegistryRows.string(c, "SELECT util_1_0_0.whoami()")).isEqualTo("util_1_0_0");
            assertThatThrownBy(() -> remove(c, "util", "1_0_0", 0, false, false))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("No deployed package util 1.0.0 revision 0 is recorded");
        }
    }

    @Test
    void aSchemaWithTablesIsRemovedOnlyWhenForced(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            RegistryRows.exec(c, "CREATE TABLE util_1_0_0.data (id int)");
            assertThatThrownBy(() -> remove(c, "util", "1_0_0", null, false, false))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("schema util_1_0_0 contains tables: data")
                    .hasMessageContaining(". Tables are dropped only with force=true")
                    .satisfies(suggests(Option.FORCE));
            remove(c, "util", "1_0_0", null, true, false);
            assertThat(RegistryRows.string(c, "SELECT to_regnamespace('util_1_0_0')"))
                    .isNull();
        }
    }

    @Test
    void aVersionThatAnActivePackageDependsOnIsNotRemoved(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long low = RegistryRows.versioned(c, "low", "1_0_0");
            long top = RegistryRows.versioned(c, "top", "1_0_0");
            RegistryRows.link(c, top, 1, "low", "1", low);
            assertThatThrownBy(() -> remove(c, "low", "1_0_0", null, true, true))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("active packages depend on it: top 1_0_0");
        }
    }

    @Test
    void aSchemaThatAnotherSessionsQueryUsesIsNotRemoved(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Connection app = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            app.setAutoCommit(false);
            RegistryRows.string(app, "SELECT util_1_0_0.whoami()");
            assertThatThrownBy(() -> remove(c, "util", "1_0_0", null, false, false))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("schema util_1_0_0 is in use by the queries of pid");
            app.rollback();
        }
    }

    @Test
    void dropSchemaSmartChecksAndDropsOnlyWhenNotADryRun(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.exec(
                    c,
                    "CREATE SCHEMA old_api; CREATE FUNCTION old_api.f() RETURNS int LANGUAGE sql AS"
                            + " $$ SELECT 1 $$; CREATE SCHEMA used; CREATE TYPE used.t AS (a int);"
                            + " CREATE TABLE public.keeps (x used.t)");
            try (java.sql.Statement st = c.createStatement()) {
                st.executeQuery("SELECT sem_packages.drop_schema_smart('old_api')")
                        .close();
                java.util.List<String> notices = new java.util.ArrayList<>();
                for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(w.getMessage());
                }
                assertThat(notices)
                        .contains("THIS IS THE DRY RUN. TO DROP SCHEMA old_api PASS FALSE TO DRY RUN PARAMETER");
            }
            assertThat(RegistryRows.string(c, "SELECT to_regnamespace('old_api')"))
                    .isEqualTo("old_api");
            RegistryRows.string(c, "SELECT sem_packages.drop_schema_smart('old_api', false)");
            assertThat(RegistryRows.string(c, "SELECT to_regnamespace('old_api')"))
                    .isNull();
            RegistryRows.string(c, "SELECT sem_packages.drop_schema_smart('old_api', false)");
            assertThatThrownBy(() -> RegistryRows.string(
                            c, "SELECT sem_packages.drop_schema_smart('old_api', false," + " true)"))
                    .hasMessageContaining("Schema old_api does not exist");
            assertThatThrownBy(() -> RegistryRows.string(c, "SELECT sem_packages.drop_schema_smart('used', false)"))
                    .hasMessageContaining("objects outside schema used depend on it: column x of table")
                    .hasMessageContaining("keeps");
        }
    }
}
