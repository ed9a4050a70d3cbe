package dev.sem.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.script.ScriptReader;
import dev.sem.script.Sha256;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validate goal's engine on real directories: every kind of invalid input with its exact message, the
 * immutability check against a real git repository with a release tag, and lint, all in one run.
 */
class ValidateGoalEngineTest {

    @TempDir
    Path dir;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final EngineLog log = new EngineLog() {
        @Override
        public void info(String line) {
            infos.add(line);
        }

        @Override
        public void warn(String line) {
            warnings.add(line);
        }

        @Override
        public void error(String line) {}
    };

    private void write(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] content) throws IOException {
        Path file = dir.resolve("scripts").resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private ValidateGoal.Report run() {
        return run(ValidateGoal.Options.defaults());
    }

    private ValidateGoal.Report run(ValidateGoal.Options options) {
        return new ValidateGoal(log).run(dir, ScriptReader.Options.defaults(), options);
    }

    @Test
    void everyKindOfInvalidInputWithItsExactMessage() throws IOException {
        write("20260101-000000.sql", "CREATE TABLE app.ok (id bigint);\n");
        write("foo.sql", "SELECT 1;\n");
        write("20260101-000001.sql", "-- sem.attribute.transaction = maybe\nSELECT 1;\n");
        write("20260101-000002.sql", "SELECT 1;\n\\c other\nSELECT 2;\n");
        write("20260101-000003.sql", "CREATE INDEX CONCURRENTLY i ON app.t (c);\n");
        write(
                "20260101-000004.sql",
                new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', 'c', 'a', 'f', (byte) 0xe9, '\'', ';', '\n'});
        write("20260101-000005.sql", "SELECT 1;\nSELECT 'open;\n");
        write("20260101-000006.sql", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n");
        Files.writeString(dir.resolve("VERSION"), "1".repeat(101));

        ValidateGoal.Report report = run();

        assertThat(report.scripts())
                .containsExactly(
                        "20260101-000000.sql",
                        "20260101-000001.sql",
                        "20260101-000002.sql",
                        "20260101-000003.sql",
                        "20260101-000004.sql",
                        "20260101-000005.sql",
                        "20260101-000006.sql");
        assertThat(report.problems())
                .map(Message::toString)
                .containsExactly(
                        "Invalid filename[foo.sql]. Must be like: 20120503-173242.sql (File[./scripts/foo.sql])."
                                + " Rename it with mvn sem:add file=./scripts/foo.sql (sem:add moves a file to a new"
                                + " timestamp name and stages it; never rename a script that was already applied), or"
                                + " move it out of scripts/",
                        "File[VERSION]: Version '" + "1".repeat(101) + "' is 101 chars; max 100",
                        "File[./scripts/20260101-000001.sql] line 1: Attribute[transaction] - Invalid value[maybe]."
                                + " Must be one of: single none",
                        "File[./scripts/20260101-000002.sql] line 2: psql meta-command \\c is not supported: a"
                                + " migration script runs on the one database sem connects to and cannot switch"
                                + " connections; remove it (and run the script against the right database)",
                        "File[./scripts/20260101-000003.sql] line 1: CREATE INDEX CONCURRENTLY cannot run inside a"
                                + " transaction block, and this script runs in one transaction. Add the line '--"
                                + " sem.attribute.transaction = none' to the script (each statement then commits on"
                                + " its own), or move the statement to a script of its own with that attribute.",
                        "File[./scripts/20260101-000004.sql]: invalid UTF-8 at byte 11; save it as UTF-8 or set the"
                                + " encoding parameter",
                        "File[./scripts/20260101-000005.sql] line 2: unterminated quoted string; close it with '",
                        "File[./scripts/20260101-000006.sql] line 1: unterminated dollar-quoted string; close it with"
                                + " the same $tag$ it was opened with");
        assertThat(report.failed()).isTrue();
        // the valid script is still linted
        assertThat(report.lint().scripts()).isEqualTo(1);
        assertThat(report.immutability().status()).isEqualTo("skipped");
        assertThat(infos).contains("Immutability check skipped: " + dir + " is not inside a git work tree");
    }

    @Test
    void nearMissAttributesWarnUnlessStrict() throws IOException {
        write("20260101-000000.sql", "--sem.attribute.transaction = none\nSELECT 1;\n");
        ValidateGoal.Report report = run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings())
                .containsExactly("File[./scripts/20260101-000000.sql] line 1: '--sem.attribute.transaction = none'"
                        + " looks like a sem attribute but is not one, so it is ignored; write it at the start of a"
                        + " line as -- sem.attribute.transaction = none (lower case, a space after --) or reword the"
                        + " comment");
        ValidateGoal.Report strict = new ValidateGoal(log)
                .run(
                        dir,
                        new ScriptReader.Options(StandardCharsets.UTF_8, true, Map.of()),
                        ValidateGoal.Options.defaults());
        assertThat(strict.problems())
                .map(Message::toString)
                .containsExactly("File[./scripts/20260101-000000.sql] line 1: '--sem.attribute.transaction = none'"
                        + " looks like a sem attribute but is not one, so it is ignored (strict mode makes this an"
                        + " error); write it at the start of a line as -- sem.attribute.transaction = none (lower"
                        + " case, a space after --) or reword the comment");
    }

    @Test
    void changedReleasedScriptInARealGitRepository() throws Exception {
        write("20260101-000000.sql", "CREATE TABLE app.t (id bigint);\n");
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            PersonIdent who = new PersonIdent(
                    "Jane Doe", "jane@example.com", Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"));
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("first")
                    .setAuthor(who)
                    .setCommitter(who)
                    .setSign(false)
                    .call();
            git.tag().setName("1.0.0").setAnnotated(false).call();
        }
        ValidateGoal.Report clean = run();
        assertThat(clean.immutability().status()).isEqualTo("checked");
        assertThat(clean.immutability().changes()).isEmpty();
        assertThat(clean.failed()).isFalse();

        String released = Sha256.hex("CREATE TABLE app.t (id bigint);\n".getBytes(StandardCharsets.UTF_8));
        String changed = Sha256.hex("CREATE TABLE app.t (id bigint, n text);\n".getBytes(StandardCharsets.UTF_8));
        write("20260101-000000.sql", "CREATE TABLE app.t (id bigint, n text);\n");
        ValidateGoal.Report report = run();
        assertThat(report.immutability().changes())
                .containsExactly("Script scripts/20260101-000000.sql was released in 1.0.0 with SHA-256 " + released
                        + " but the working tree has " + changed
                        + "; released scripts must not change, revert it and add a new script instead");
        assertThat(report.failed()).isTrue();
        assertThat(report.failures(LintConfig.defaults()))
                .map(Message::toString)
                .containsExactlyElementsOf(report.immutability().changes());

        ValidateGoal.Report disabled = run(new ValidateGoal.Options(false, true, LintConfig.defaults()));
        assertThat(disabled.immutability().status()).isEqualTo("disabled");
        assertThat(disabled.failed()).isFalse();
    }

    @Test
    void lintRunsOnEveryValidScriptWithBomAndCrlfHandled() throws IOException {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] body = ("-- sem-lint-ignore: ban-drop-column\r\nALTER TABLE app.users DROP COLUMN legacy;\r\n"
                        + "CREATE INDEX users_email_idx ON app.users (email);\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);
        write("20260101-000000.sql", content);
        write("20260102-000000.sql", "-- sem.attribute.transaction = none\nCREATE TABLE app.t (at timestamp);\n");

        ValidateGoal.Report report = run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.lint().findings())
                .extracting(Finding::toString)
                .containsExactly(
                        "File[./scripts/20260101-000000.sql] line 3: [require-concurrent-index-creation] CREATE INDEX"
                                + " on app.users without CONCURRENTLY blocks writes to the table while it builds."
                                + " Instead: CREATE INDEX CONCURRENTLY in a script with -- sem.attribute.transaction"
                                + " = none",
                        "File[./scripts/20260102-000000.sql] line 2: [prefer-robust-stmts] CREATE TABLE app.t without"
                                + " IF NOT EXISTS fails when run again after an interrupted run. Instead: CREATE TABLE"
                                + " IF NOT EXISTS app.t",
                        "File[./scripts/20260102-000000.sql] line 2: [prefer-timestamptz] Column at is timestamp,"
                                + " which drops the UTC offset. Instead: timestamptz");
        assertThat(report.failed()).isTrue();
        assertThat(report.failures(LintConfig.defaults())).hasSize(1);
        assertThat(report.lint().summary()).isEqualTo("Lint: 1 error, 2 warnings in 2 scripts");

        ValidateGoal.Report lenient = run(new ValidateGoal.Options(
                true,
                true,
                LintConfig.defaults()
                        .withOverrides(java.util.Map.of("require-concurrent-index-creation", Severity.WARNING))));
        assertThat(lenient.failed()).isFalse();
        ValidateGoal.Report skipped = run(new ValidateGoal.Options(true, false, LintConfig.defaults()));
        assertThat(skipped.lint()).isNull();
        assertThat(skipped.failed()).isFalse();
    }
}
