package dev.sem.history;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;

import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.TestConnections;
import dev.sem.packaging.Packager;
import dev.sem.source.ScriptSource;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DeployedState} on real databases, and which version an apply records (never a -SNAPSHOT by default). */
@ExtendWith(TestPostgres.class)
class DeployedStateTest {

    private static final String A = "20260101-000000.sql";
    private static final String B = "20260102-000000.sql";

    @TempDir
    Path tmp;

    @Test
    void aDatabaseWithoutSemHasNoState(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            DeployedState state = DeployedState.read(c);
            assertThat(state.schemaExists()).isFalse();
            assertThat(state.version()).isEmpty();
            assertThat(state.versionRecordedAt()).isNull();
            assertThat(state.scripts()).isEmpty();
        }
    }

    @Test
    void readsTheLatestVersionAndTheAppliedScriptsByName(TestDatabase db) throws Exception {
        Path base = scripts(tmp.resolve("base"));
        Files.writeString(base.resolve("VERSION"), "1.2.3");
        Instant before = Instant.now().minusSeconds(60);
        apply(db, base);
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_evolution_manager.versions (version) VALUES ('1.2.4')");
        }

        try (Connection c = db.connect()) {
            c.setReadOnly(true);
            DeployedState state = DeployedState.read(c);
            assertThat(state.schemaExists()).isTrue();
            assertThat(state.version()).contains("1.2.4");
            assertThat(state.versionRecordedAt().toInstant()).isAfter(before);
            assertThat(state.scripts())
                    .extracting(DeployedState.AppliedScript::filename)
                    .containsExactly(A, B);
            assertThat(state.scripts())
                    .allSatisfy(s -> assertThat(s.appliedAt().toInstant()).isAfter(before));
        }
    }

    @Test
    void applyingASnapshotBuildRecordsNoVersionUnlessItWasPackagedWithAllowSnapshotVersion(TestDatabase db)
            throws Exception {
        Path repo = scripts(tmp.resolve("repo"));
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent jane = new PersonIdent("Jane Doe", "jane@example.com", Instant.now(), ZoneId.of("UTC"));
            git.commit()
                    .setMessage("scripts")
                    .setAuthor(jane)
                    .setCommitter(jane)
                    .setSign(false)
                    .call();
        }
        Path snapshot = Packager.build(new Packager.Request(
                        repo, "com.example", "db", "1.0.0-SNAPSHOT", false, tmp.resolve("a"), null, false, "test"))
                .archive();
        Path allowed = Packager.build(new Packager.Request(
                        repo,
                        "com.example",
                        "db",
                        "1.0.0-SNAPSHOT",
                        false,
                        tmp.resolve("b"),
                        null,
                        false,
                        "test",
                        null,
                        true))
                .archive();

        // During development, the project directory itself (no VERSION file): the project version is not recorded.
        apply(db, repo);
        try (ScriptSource source = ScriptSource.tarball(snapshot)) {
            apply(db, source.baseDir());
        }
        try (Connection c = db.connect()) {
            DeployedState state = DeployedState.read(c);
            assertThat(state.scripts()).hasSize(2);
            assertThat(state.version()).isEmpty();
        }

        try (ScriptSource source = ScriptSource.tarball(allowed)) {
            apply(db, source.baseDir());
        }
        try (Connection c = db.connect()) {
            assertThat(DeployedState.read(c).version()).contains("1.0.0-SNAPSHOT");
        }
    }

    private static Path scripts(Path base) throws Exception {
        Files.createDirectories(base.resolve("scripts"));
        Files.writeString(base.resolve("scripts/.exists"), "");
        Files.writeString(base.resolve("scripts").resolve(B), "CREATE TABLE b (id int);\n", StandardCharsets.UTF_8);
        Files.writeString(base.resolve("scripts").resolve(A), "CREATE TABLE a (id int);\n", StandardCharsets.UTF_8);
        return base;
    }

    private static void apply(TestDatabase db, Path base) {
        new Applier(TestConnections.settings(db), new CollectingLog()).apply(base, ApplyOptions.defaults());
    }
}
