package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import dev.sem.script.ScriptName;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.history.Catalog.execute;
import static dev.sem.history.Catalog.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class HistoryTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String D = "d".repeat(64);

    @Test
    void nameValidation() {
        assertThat(ScriptName.isValid("20120503-173242.sql")).isTrue();
        assertThat(ScriptName.isValid("120503-173242.sql")).isTrue();
        assertThat(ScriptName.isValid("2012050301-173242.sql")).isTrue();
        for (String bad : new String[] {
            "12050-173242.sql",
            "20120503-17324.sql",
            "20120503-1732420.sql",
            "20120503-173242.SQL",
            "20120503_173242.sql",
            "foo.sql",
            "20120503-173242.sql\n",
            "x20120503-173242.sql",
            ""
        }) {
            assertThat(ScriptName.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> History.checkScriptName("foo.sql"))
                .isInstanceOf(InvalidScriptNameException.class)
                .hasMessage("Invalid filename[foo.sql]. Must be like: 20120503-173242.sql");
    }

    @Test
    void readersOnAnAbsentSchemaReturnNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            assertThat(History.schemaExists(c)).isFalse();
            assertThat(History.appliedScripts(c)).isEmpty();
            assertThat(History.bootstrapEntries(c)).isEmpty();
            assertThat(History.isRecorded(c, "20120503-173242.sql")).isFalse();
            assertThat(History.latestVersion(c)).isEmpty();
            assertThat(History.storedChecksums(c)).isEmpty();
            assertThat(History.acceptances(c, "20120503-173242.sql")).isEmpty();
            assertThat(History.progress(c, "20120503-173242.sql")).isEmpty();
            assertThat(History.schemaExists(c)).isFalse();
        }
    }

    @Test
    void scriptsAreRecordedOnceLikeSemDoes(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            assertThat(History.schemaExists(c)).isTrue();

            assertThat(History.recordScript(c, "20200102-000000.sql")).isTrue();
            assertThat(History.recordScript(c, "20200102-000000.sql")).isFalse();
            RubySemFixture.recordScript(c, "20200101-000000.sql");
            assertThat(History.isRecorded(c, "20200101-000000.sql")).isTrue();
            assertThat(History.isRecorded(c, "20200103-000000.sql")).isFalse();
            assertThatThrownBy(() -> History.recordScript(c, "20200103-000000.SQL"))
                    .isInstanceOf(InvalidScriptNameException.class)
                    .hasMessage("Invalid filename[20200103-000000.SQL]. Must be like: 20120503-173242.sql");

            assertThat(History.appliedScripts(c)).containsExactly("20200101-000000.sql", "20200102-000000.sql");
            assertThat(string(c, "SELECT count(*) FROM schema_evolution_manager.scripts"))
                    .isEqualTo("2");
        }
    }

    @Test
    void recordingJoinsTheCallersTransaction(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            c.setAutoCommit(false);
            History.recordScript(c, "20200101-000000.sql");
            History.recordVersionIfChanged(c, "1.0.0");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(History.appliedScripts(c)).isEmpty();
            assertThat(History.latestVersion(c)).isEmpty();
        }
    }

    @Test
    void appliedScriptsAreInByteOrder(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            for (String name : List.of("20200101-000000.sql", "120101-000000.sql", "9990101-000000.sql")) {
                History.recordScript(c, name);
            }
            assertThat(History.appliedScripts(c))
                    .containsExactly("120101-000000.sql", "20200101-000000.sql", "9990101-000000.sql");
        }
    }

    @Test
    void versionsAreRecordedOnlyWhenChanged(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            assertThat(History.latestVersion(c)).isEmpty();

            assertThat(History.recordVersionIfChanged(c, "1.2.3")).isTrue();
            assertThat(History.recordVersionIfChanged(c, "1.2.3")).isFalse();
            assertThat(History.recordVersionIfChanged(c, "1.2.4")).isTrue();
            assertThat(History.latestVersion(c)).contains("1.2.4");
            assertThat(History.recordVersionIfChanged(c, "1.2.3")).isTrue();

            assertThat(Catalog.strings(c, "SELECT version FROM schema_evolution_manager.versions ORDER BY id"))
                    .containsExactly("1.2.3", "1.2.4", "1.2.3");
            assertThat(History.latestVersion(c)).contains("1.2.3");
            assertThatThrownBy(() -> History.recordVersionIfChanged(c, " "))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void latestVersionIsTheHighestIdNotTheNewestTimestamp(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            execute(
                    c,
                    "INSERT INTO schema_evolution_manager.versions (version, created_at)"
                            + " VALUES ('2.0.0', now() + interval '1 day'), ('1.0.0', now())");
            assertThat(History.latestVersion(c)).contains("1.0.0");
            assertThat(History.recordVersionIfChanged(c, "1.0.0")).isFalse();
        }
    }

    @Test
    void checksumsAreStoredOnceAndReplacedOnlyByAnAcceptance(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            StoredChecksum applied = new StoredChecksum(
                    "20200101-000000.sql", A, B, 1, C, ChecksumOrigin.APPLIED, "com.example:db:1.0.0", "ci", 42L, null);
            StoredChecksum adopted = new StoredChecksum(
                    "20190101-000000.sql", D, null, null, null, ChecksumOrigin.ADOPTED, null, null, null, null);

            assertThat(History.recordChecksum(c, applied)).isTrue();
            assertThat(History.recordChecksum(c, adopted)).isTrue();
            assertThat(History.recordChecksum(
                            c,
                            new StoredChecksum(
                                    "20200101-000000.sql",
                                    D,
                                    null,
                                    null,
                                    null,
                                    ChecksumOrigin.APPLIED,
                                    null,
                                    null,
                                    null,
                                    null)))
                    .isFalse();

            Map<String, StoredChecksum> stored = History.storedChecksums(c);
            assertThat(stored).containsOnlyKeys("20190101-000000.sql", "20200101-000000.sql");
            assertThat(stored.keySet()).containsExactly("20190101-000000.sql", "20200101-000000.sql");
            StoredChecksum read = stored.get("20200101-000000.sql");
            assertThat(read.recordedAt()).isNotNull();
            assertThat(new StoredChecksum(
                            read.filename(),
                            read.sha256(),
                            read.normalizedSha256(),
                            read.normalizationVersion(),
                            read.chain(),
                            read.origin(),
                            read.artifact(),
                            read.appliedBy(),
                            read.durationMs(),
                            null))
                    .isEqualTo(applied);
            assertThat(stored.get("20190101-000000.sql").origin()).isEqualTo(ChecksumOrigin.ADOPTED);

            ChecksumAcceptance acceptance =
                    new ChecksumAcceptance("20200101-000000.sql", A, D, B, C, 2, "comment typo fixed", null, null);
            assertThat(History.recordAcceptance(c, acceptance)).isTrue();
            StoredChecksum after = History.storedChecksums(c).get("20200101-000000.sql");
            assertThat(after.sha256()).isEqualTo(D);
            assertThat(after.normalizedSha256()).isEqualTo(C);
            assertThat(after.normalizationVersion()).isEqualTo(2);
            assertThat(after.chain())
                    .as("the chain documents the history as applied")
                    .isEqualTo(C);

            // A second acceptance against a stale old hash is recorded but replaces nothing.
            assertThat(History.recordAcceptance(
                            c,
                            new ChecksumAcceptance(
                                    "20200101-000000.sql", A, B, null, null, null, "again", "alice", null)))
                    .isFalse();
            assertThat(History.storedChecksums(c).get("20200101-000000.sql").sha256())
                    .isEqualTo(D);

            List<ChecksumAcceptance> acceptances = History.acceptances(c, "20200101-000000.sql");
            assertThat(acceptances).hasSize(2);
            assertThat(acceptances.get(0).acceptedBy()).isEqualTo(string(c, "SELECT current_user"));
            assertThat(acceptances.get(0).reason()).isEqualTo("comment typo fixed");
            assertThat(acceptances.get(0).normalizationVersion()).isEqualTo(2);
            assertThat(acceptances.get(0).acceptedAt()).isNotNull();
            assertThat(acceptances.get(1).acceptedBy()).isEqualTo("alice");
        }
    }

    @Test
    void checksumRecordsRejectMalformedValues() {
        assertThatThrownBy(() -> new StoredChecksum(
                        "20200101-000000.sql", "ABC", null, null, null, ChecksumOrigin.APPLIED, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredChecksum(
                        "20200101-000000.sql", A, B, null, null, ChecksumOrigin.APPLIED, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChecksumAcceptance("20200101-000000.sql", A, B, null, null, null, " ", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sideTableConstraintsHoldForDirectWrites(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            assertThatThrownBy(() -> execute(
                            c,
                            "INSERT INTO schema_evolution_manager.sem_java_script_checksums (filename, sha256)"
                                    + " VALUES ('20200101-000000.sql', 'not-a-hash')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("sem_java_script_checksums_sha256_ck");
            assertThatThrownBy(() -> execute(
                            c,
                            "INSERT INTO schema_evolution_manager.sem_java_checksum_acceptances"
                                    + " (filename, old_sha256, new_sha256, reason) VALUES ('20200101-000000.sql', '"
                                    + A + "', '" + B + "', '  ')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("sem_java_checksum_acceptances_reason_ck");
        }
    }

    @Test
    void progressRowsAreUpsertedReadAndCleared(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            String f = "20200101-000000.sql";
            History.recordProgress(
                    c, new StatementProgress(f, 2, B, ProgressStatus.RUNNING, null, 0, null, null, 3, A, "art", null));
            History.recordProgress(
                    c, new StatementProgress(f, 1, A, ProgressStatus.APPLIED, 5L, 0, null, null, 3, A, "art", null));
            History.recordProgress(
                    c,
                    new StatementProgress(
                            f, 2, B, ProgressStatus.FAILED, 7L, 2, "55P03", "lock timeout", 3, A, "art", null));
            History.recordProgress(
                    c,
                    new StatementProgress(
                            "20200102-000000.sql", 1, C, ProgressStatus.APPLIED, 1L, 0, null, null, 1, C, null, null));

            List<StatementProgress> rows = History.progress(c, f);
            assertThat(rows).extracting(StatementProgress::statementIndex).containsExactly(1, 2);
            StatementProgress failed = rows.get(1);
            assertThat(failed.status()).isEqualTo(ProgressStatus.FAILED);
            assertThat(failed.retries()).isEqualTo(2);
            assertThat(failed.sqlstate()).isEqualTo("55P03");
            assertThat(failed.message()).isEqualTo("lock timeout");
            assertThat(failed.durationMs()).isEqualTo(7L);
            assertThat(failed.statementCount()).isEqualTo(3);
            assertThat(failed.fileSha256()).isEqualTo(A);
            assertThat(failed.artifact()).isEqualTo("art");
            assertThat(failed.recordedAt()).isNotNull();

            assertThat(deleteProgress(c, f)).isEqualTo(2);
            assertThat(History.progress(c, f)).isEmpty();
            assertThat(History.progress(c, "20200102-000000.sql")).hasSize(1);
            assertThatThrownBy(() -> History.recordProgress(
                            c,
                            new StatementProgress(
                                    f, 4, A, ProgressStatus.RUNNING, null, 0, null, null, 3, null, null, null)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("sem_java_script_progress_index_ck");
        }
    }

    /** Deletes the progress rows of one script, as a finished script leaves none. */
    private static int deleteProgress(Connection c, String filename) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM schema_evolution_manager.sem_java_script_progress WHERE filename = ?")) {
            ps.setString(1, filename);
            return ps.executeUpdate();
        }
    }
}
