package dev.sem.git;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.sem.script.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TrackedScriptsTest {

    @TempDir
    Path tmp;

    @Test
    void listsOnlyTopLevelSqlCandidatesWithTheirCommittedBytes() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.write("scripts/.exists", "")
                    .write("scripts/20260101-000000.sql", "create table a();\r\n")
                    .write("scripts/20260102-000000.sql", "create table b();\n")
                    .write("scripts/README.md", "notes")
                    .write("scripts/x.SQL", "upper")
                    .write("scripts/.hidden.sql", "dot")
                    .write("scripts/old/20200101-000000.sql", "nested")
                    .write("other/20260103-000000.sql", "elsewhere")
                    .commit("scripts");
            fx.tag("0.0.1");
            fx.write("scripts/20260104-000000.sql", "later").commit("later");

            List<Script> at = TrackedScripts.at(repo, "0.0.1");

            assertThat(at.stream().map(Script::name)).containsExactly("20260101-000000.sql", "20260102-000000.sql");
            assertThat(new String(at.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("create table a();\r\n");
            assertThat(TrackedScripts.at(repo, "HEAD")).hasSize(3);
        }
    }

    @Test
    void reportsModifiedDeletedAndUntrackedScripts() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.write("scripts/20260101-000000.sql", "a")
                    .write("scripts/20260102-000000.sql", "b")
                    .write("scripts/20260103-000000.sql", "c")
                    .commit("scripts");
            fx.tag("0.0.1");
            assertThat(TrackedScripts.workingTreeDiffers(repo, "0.0.1")).isEmpty();

            fx.write("scripts/20260101-000000.sql", "a changed")
                    .delete("scripts/20260102-000000.sql")
                    .write("scripts/20260109-000000.sql", "untracked")
                    .write("scripts/notes.txt", "ignored");

            assertThat(TrackedScripts.workingTreeDiffers(repo, "0.0.1"))
                    .containsExactly("20260101-000000.sql", "20260102-000000.sql", "20260109-000000.sql");
        }
    }

    @Test
    void readsTheScriptsOfAModuleBaseDirectory() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.write("db/scripts/20260101-000000.sql", "a")
                    .write("scripts/20260102-000000.sql", "root")
                    .commit("x");

            assertThat(TrackedScripts.at(repo, "HEAD", fx.dir.resolve("db")).stream()
                            .map(Script::name))
                    .containsExactly("20260101-000000.sql");
            assertThat(TrackedScripts.workingTreeDiffers(repo, "HEAD", fx.dir.resolve("db")))
                    .isEmpty();
        }
    }
}
