package dev.sem.git;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import dev.sem.SemException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptAdderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T07:19:33.750Z"), ZoneId.of("Asia/Tokyo"));

    @TempDir
    Path tmp;

    @Test
    void movesTheFileToAUtcTimestampNameAndStagesIt() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            repo.write("scripts/.exists", "").commit("Adding scripts directory");
            Path source = Files.writeString(tmp.resolve("new table.sql"), "create table t();\n");

            Path target = ScriptAdder.add(repo.dir, source, CLOCK);

            assertThat(target).isEqualTo(repo.dir.toRealPath().resolve("scripts/20261121-071933.sql"));
            assertThat(target).hasContent("create table t();");
            assertThat(source).doesNotExist();
            assertThat(staged(repo, "scripts/20261121-071933.sql")).isTrue();
            assertThat(ScriptAdder.addingMessage(target)).isEqualTo("Adding " + target);
            assertThat(ScriptAdder.STAGED_MESSAGE).isEqualTo("File staged in git. You need to commit and push");
        }
    }

    @Test
    void takesTheNextFreeSecondInsteadOfColliding() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            repo.write("scripts/20261121-071933.sql", "existing").commit("first");
            repo.delete("scripts/20261121-071933.sql"); // still in the index: must not be reused
            repo.write("scripts/20261121-071934.sql", "untracked on disk");

            Path a = ScriptAdder.add(repo.dir, Files.writeString(tmp.resolve("a.sql"), "a"), CLOCK);
            Path b = ScriptAdder.add(repo.dir, Files.writeString(tmp.resolve("b.SQL"), "b"), CLOCK);

            assertThat(a.getFileName()).hasToString("20261121-071935.sql");
            assertThat(b.getFileName()).hasToString("20261121-071936.sql");
            assertThat(repo.dir.resolve("scripts/20261121-071934.sql")).hasContent("untracked on disk");
        }
    }

    @Test
    void refusesMissingAndNonSqlFilesWithSemsMessages() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            Path missing = tmp.resolve("nope.sql");
            assertThatThrownBy(() -> ScriptAdder.add(repo.dir, missing, CLOCK))
                    .isInstanceOf(SemException.class)
                    .hasMessage("File[" + missing + "] could not be found");

            Path txt = Files.writeString(tmp.resolve("a.SQL.txt"), "x");
            assertThatThrownBy(() -> ScriptAdder.add(repo.dir, txt, CLOCK))
                    .hasMessage("File[" + txt + "] must end with .sql");
            assertThat(txt).exists();
        }
    }

    @Test
    void checksGitBeforeMovingAnything() throws Exception {
        Path notARepo = Files.createDirectories(tmp.resolve("plain"));
        Path source = Files.writeString(tmp.resolve("x.sql"), "x");

        assertThatThrownBy(() -> ScriptAdder.add(notARepo, source, CLOCK))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("is not inside a git work tree");
        assertThat(source).exists();
        assertThat(notARepo.resolve("scripts")).doesNotExist();
    }

    @Test
    void usesTheBaseDirectoryOfAModuleInsideTheRepository() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            Path module = Files.createDirectories(repo.dir.resolve("db module"));
            Path target = ScriptAdder.add(module, Files.writeString(tmp.resolve("x.sql"), "x"), CLOCK);

            assertThat(target.getParent()).isEqualTo(module.toRealPath().resolve("scripts"));
            assertThat(staged(repo, "db module/scripts/20261121-071933.sql")).isTrue();
        }
    }

    @Test
    void createsAnUnstagedScriptFromTheTemplate() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            Path target = ScriptAdder.create(repo.dir, "Add the users table\nwith an index", CLOCK);

            assertThat(target.getFileName()).hasToString("20261121-071933.sql");
            assertThat(Files.readString(target))
                    .isEqualTo("-- Add the users table\n-- with an index\n--\n"
                            + "-- sem.attribute.transaction = single\n\n");
            assertThat(staged(repo, "scripts/20261121-071933.sql"))
                    .as("the empty template is not staged: a later plain git commit would record it without the SQL")
                    .isFalse();
            assertThat(ScriptAdder.template(null)).isEqualTo("-- sem.attribute.transaction = single\n\n");
            assertThatThrownBy(() -> ScriptAdder.template("sem.attribute.transaction = none"))
                    .isInstanceOf(SemException.class);
        }
    }

    @Test
    void theHintAfterCreatingAScriptCommitsItWithItsSqlWhenRunAsPrinted() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            String description = "Create the customer's table";
            Path target = ScriptAdder.create(repo.dir, description, CLOCK);
            Files.writeString(target, "create table customer (id bigint primary key);\n", StandardOpenOption.APPEND);
            String hint = ScriptAdder.writeThenCommitMessage(repo.dir.relativize(target), description);
            assertThat(hint)
                    .isEqualTo("Write the SQL into scripts/20261121-071933.sql, then commit it: git add"
                            + " scripts/20261121-071933.sql && git commit -m 'Create the customer'\\''s table'");

            String command = hint.substring(hint.indexOf("then commit it: ") + "then commit it: ".length());
            ProcessBuilder shell = new ProcessBuilder("sh", "-c", command)
                    .directory(repo.dir.toFile())
                    .redirectErrorStream(true);
            shell.environment().put("GIT_AUTHOR_NAME", "t");
            shell.environment().put("GIT_AUTHOR_EMAIL", "t@example.com");
            shell.environment().put("GIT_COMMITTER_NAME", "t");
            shell.environment().put("GIT_COMMITTER_EMAIL", "t@example.com");
            Process p = shell.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();

            RevCommit head = repo.git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getFullMessage().strip()).isEqualTo(description);
            try (TreeWalk walk =
                    TreeWalk.forPath(repo.git.getRepository(), "scripts/20261121-071933.sql", head.getTree())) {
                String committed = new String(
                        repo.git.getRepository().open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                assertThat(committed).endsWith("create table customer (id bigint primary key);\n");
            }
        }
    }

    private static boolean staged(GitFixture repo, String path) throws Exception {
        DirCache index = repo.git.getRepository().readDirCache();
        return index.findEntry(path) >= 0;
    }
}
