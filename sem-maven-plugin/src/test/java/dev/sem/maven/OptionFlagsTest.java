package dev.sem.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.TempFiles;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.git.GitRepo;
import dev.sem.git.ReleaseTagger;
import dev.sem.git.ReleaseTags;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.PackageException;
import dev.sem.pkg.QueryExecutor;
import dev.sem.script.ScriptName;
import dev.sem.script.ScriptSet;
import dev.sem.source.ScriptSource;
import dev.sem.verify.ThrowawayPostgres;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.git.ReleaseTag.Component.MICRO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine names options by key; the Maven layer spells them as the {@code -Dsem.…} flags that set them, so that the
 * one error line a failed goal prints reads exactly as before the engine stopped naming flags.
 */
class OptionFlagsTest {

    private static final Set<Option> COVERED = EnumSet.noneOf(Option.class);

    /** An engine error (built by the engine where that needs no database or git) and the exact line Maven prints. */
    static Stream<Arguments> errors() {
        Path missing = Path.of("no-such-dir-for-sem");
        return Stream.of(
                Arguments.of(
                        Option.DIR,
                        engineError(() -> ScriptSource.directory(missing)),
                        "Dir[" + missing + "] does not exist: give -Dsem.dir a directory containing scripts/"),
                Arguments.of(
                        Option.TARBALL,
                        engineError(() -> ScriptSource.tarball(missing)),
                        "File[" + missing + "] could not be found: give -Dsem.tarball a .tar.gz distribution"),
                Arguments.of(
                        Option.VERIFY_URL,
                        engineError(() -> ThrowawayPostgres.fromServer(" ", null, null)),
                        "-Dsem.verify.url is empty: give a server such as"
                                + " jdbc:postgresql://localhost:5432/postgres?user=ci, or drop it to use the embedded"
                                + " PostgreSQL"),
                Arguments.of(
                        Option.VERIFY_PROVIDER,
                        engineError(() -> ThrowawayPostgres.binariesCoordinates(12)),
                        "There are no embedded PostgreSQL binaries for major 12; choose one of 13, 14, 15, 16, 17,"
                                + " 18, or give -Dsem.verify.url (a server of that version) or"
                                + " -Dsem.verify.provider=docker"),
                Arguments.of(
                        Option.RESUME_UNKNOWN,
                        new SemException(Message.text("File[a.sql] line 4: statement 3 was started by an earlier run"
                                        + " that stopped before recording whether it completed. Check the database,"
                                        + " then run again with ")
                                .then(Option.RESUME_UNKNOWN, "rerun")
                                .then(" (run it again) or ")
                                .then(Option.RESUME_UNKNOWN, "skip")
                                .then(" (it did complete).")),
                        "File[a.sql] line 4: statement 3 was started by an earlier run that stopped before recording"
                                + " whether it completed. Check the database, then run again with"
                                + " -Dsem.resumeUnknown=rerun (run it again) or -Dsem.resumeUnknown=skip (it did"
                                + " complete)."),
                Arguments.of(
                        Option.LOCK_WAIT,
                        SemException.environment(
                                Message.text("Another sem apply holds the lock on this database (pid 7); gave up after"
                                                + " waiting 60 s. Wait for it to finish, or raise ")
                                        .then(Option.LOCK_WAIT)
                                        .then(" (seconds)."),
                                null),
                        "Another sem apply holds the lock on this database (pid 7); gave up after waiting 60 s. Wait"
                                + " for it to finish, or raise -Dsem.lockWait (seconds)."),
                Arguments.of(
                        Option.ACCEPT,
                        new SemException(Message.text("File[a.sql] was changed after it was applied to this database;"
                                        + " accept it with ")
                                .then(Option.ACCEPT, "a.sql")
                                .then(" ")
                                .then(Option.ACCEPT_REASON, "\"why\"")),
                        "File[a.sql] was changed after it was applied to this database; accept it with"
                                + " -Dsem.accept=a.sql -Dsem.acceptReason=\"why\""),
                Arguments.of(
                        Option.ACCEPT_REASON,
                        new SemException(
                                Message.text("").then(Option.ACCEPT_REASON).then(" is empty")),
                        "-Dsem.acceptReason is empty"),
                Arguments.of(
                        Option.PSQL,
                        new SemException(Message.text("psql cannot be run on this host; install the PostgreSQL client,"
                                        + " or name the program with ")
                                .then(Option.PSQL, "/path/to/psql")),
                        "psql cannot be run on this host; install the PostgreSQL client, or name the program with"
                                + " -Dsem.psql=/path/to/psql"),
                Arguments.of(
                        Option.LATE_POLICY,
                        new SemException(Message.text("They would run after newer scripts; give them new names with ")
                                .then(ScriptName.addCommands(List.of("20260101-000000.sql", "20260101-000001.sql")))
                                .then(", or run with ")
                                .then(Option.LATE_POLICY, "warn")
                                .then(" to apply them anyway.")),
                        "They would run after newer scripts; give them new names with mvn sem:add"
                                + " -Dsem.file=./scripts/20260101-000000.sql; mvn sem:add"
                                + " -Dsem.file=./scripts/20260101-000001.sql, or run with -Dsem.latePolicy=warn to"
                                + " apply them anyway."),
                Arguments.of(
                        Option.FILE,
                        invalidNames("my script.sql"),
                        "Invalid filename[my script.sql]. Must be like: 20120503-173242.sql. Rename it with mvn"
                                + " sem:add -Dsem.file='./scripts/my script.sql' (sem:add moves a file to a new"
                                + " timestamp name and stages it; never rename a script that was already applied),"
                                + " or move it out of scripts/"),
                Arguments.of(
                        Option.DESCRIPTION,
                        new SemException(Message.text("Restore the applied content and put the change in a new"
                                        + " script (mvn sem:add ")
                                .then(Option.DESCRIPTION, "\"what it changes\"")
                                .then(" starts one)")),
                        "Restore the applied content and put the change in a new script (mvn sem:add"
                                + " -Dsem.description=\"what it changes\" starts one)"),
                Arguments.of(
                        Option.URL,
                        new SemException(ConnectionSettings.builder(
                                        DatabaseUrl.fromParts(null, null, null, null, Map.of("PGPORT", "5433")))
                                .env(Map.of("PGPORT", "5433"))
                                .osUser("alice")
                                .assumedTarget()
                                .build()
                                .assumedTarget()
                                .orElseThrow()),
                        "No database was given, so sem assumed postgresql://alice@localhost:5433/alice (host"
                                + " localhost: default, port 5433: PGPORT, database alice: the user name, as libpq"
                                + " does, user alice: the operating-system user); choose another with"
                                + " -Dsem.url=postgresql://user@host:5432/db"),
                Arguments.of(
                        Option.PACKAGE_ALLOW_DIRTY,
                        new SemException(Message.text("Only committed scripts are packaged: commit or remove them, or"
                                        + " package HEAD anyway with ")
                                .then(Option.PACKAGE_ALLOW_DIRTY, "true")),
                        "Only committed scripts are packaged: commit or remove them, or package HEAD anyway with"
                                + " -Dsem.package.allowDirty=true"),
                Arguments.of(
                        Option.VERSION_FROM_GIT_TAG,
                        new SemException(Message.text("HEAD (abc1234) has no release tag, but ")
                                .then(Option.VERSION_FROM_GIT_TAG, "true")
                                .then(" takes the version from it. Tag HEAD, or package the project version"
                                        + " without ")
                                .then(Option.VERSION_FROM_GIT_TAG)),
                        "HEAD (abc1234) has no release tag, but -Dsem.version.fromGitTag=true takes the version from"
                                + " it. Tag HEAD, or package the project version without -Dsem.version.fromGitTag"));
    }

    /** The package goals' errors: the lines they printed when the engine still spelled the flags. */
    static Stream<Arguments> packageErrors() {
        String negative = "-Dsem.lockTimeout, -Dsem.lockRetries, -Dsem.lockWait and -Dsem.statementTimeout must not be"
                + " negative";
        return Stream.of(
                Arguments.of(
                        Option.ADD_CONFIG,
                        engineError(() -> DeployOptions.refuseUnsupported(true, false)),
                        "-Dsem.addConfig is not supported (pgpm ignored --add-config silently): merge the overlay"
                                + " into config.json, or deploy another package directory"),
                Arguments.of(
                        Option.PACKAGE,
                        engineError(() -> DeployOptions.refuseUnsupported(false, true)),
                        "-Dsem.dir names a sem distribution; give the package directory (the one holding"
                                + " config.json) with -Dsem.package"),
                Arguments.of(
                        Option.LOCK_TIMEOUT,
                        engineError(() -> DeployOptions.defaults().withLockTimeout(Duration.ofMillis(-1), 3)),
                        negative),
                Arguments.of(
                        Option.LOCK_RETRIES,
                        engineError(() -> DeployOptions.defaults().withLockTimeout(Duration.ZERO, -1)),
                        negative),
                Arguments.of(
                        Option.STATEMENT_TIMEOUT,
                        engineError(() -> DeployOptions.defaults().withStatementTimeout(Duration.ofMillis(-1))),
                        negative),
                Arguments.of(
                        Option.TAG,
                        existingTagError(),
                        "Tag[1.0.0] already exists. Check git tag -l; choose another name with -Dsem.tag or omit it"
                                + " to take the next one (1.0.1)"),
                Arguments.of(
                        Option.QUERY,
                        engineError(() -> new QueryExecutor.Request(" ", false, 1, Duration.ZERO)),
                        "No query to execute: give one with -Dsem.query=\"...\""),
                Arguments.of(
                        Option.MAX_ITERATIONS,
                        engineError(() -> new QueryExecutor.Request("SELECT 1", true, 0, Duration.ZERO)),
                        "-Dsem.maxIterations must be at least 1, not 0"),
                Arguments.of(
                        Option.PAUSE,
                        engineError(() -> new QueryExecutor.Request("SELECT 1", true, 1, Duration.ofMillis(-1))),
                        "-Dsem.pause must not be negative"),
                Arguments.of(
                        Option.MODE,
                        new PackageException(Message.text("Schema s already exists. It won't be overridden in safe"
                                        + " mode. Run again with ")
                                .then(Option.MODE, "moderate")
                                .then(", ")
                                .then(Option.MODE, "overwrite")
                                .then(" or ")
                                .then(Option.MODE, "unsafe")),
                        "Schema s already exists. It won't be overridden in safe mode. Run again with"
                                + " -Dsem.mode=moderate, -Dsem.mode=overwrite or -Dsem.mode=unsafe"),
                Arguments.of(
                        Option.FILES,
                        new PackageException(Message.text("Can't deploy scripts to schema s: the schema doesn't exist"
                                        + " in the database; deploy the whole package first (without ")
                                .then(Option.FILES)
                                .then(")")),
                        "Can't deploy scripts to schema s: the schema doesn't exist in the database; deploy the whole"
                                + " package first (without -Dsem.files)"),
                Arguments.of(
                        Option.AUTO_COMMIT,
                        new PackageException(Message.text("File[f.sql] line 1: CREATE INDEX CONCURRENTLY cannot run"
                                        + " inside the deploy transaction; deploy this file alone in auto-commit (")
                                .then(Option.FILES, "f.sql")
                                .then(" ")
                                .then(Option.AUTO_COMMIT, "true")
                                .then(")")),
                        "File[f.sql] line 1: CREATE INDEX CONCURRENTLY cannot run inside the deploy transaction;"
                                + " deploy this file alone in auto-commit (-Dsem.files=f.sql -Dsem.autoCommit=true)"),
                Arguments.of(
                        Option.OWNER,
                        new PackageException(Message.text("Role(s) \"x\" do not exist in the database; create them"
                                        + " (CREATE ROLE) or fix owner_role / usage_roles (")
                                .then(Option.OWNER)
                                .then(" / ")
                                .then(Option.USAGE)
                                .then("). Nothing was changed")),
                        "Role(s) \"x\" do not exist in the database; create them (CREATE ROLE) or fix owner_role /"
                                + " usage_roles (-Dsem.owner / -Dsem.usage). Nothing was changed"),
                Arguments.of(
                        Option.USAGE,
                        new PackageException(Message.text("Usage role(s) x do not exist in the database: create them"
                                        + " first or correct ")
                                .then(Option.USAGE)
                                .then(" (role names are case-sensitive)")),
                        "Usage role(s) x do not exist in the database: create them first or correct -Dsem.usage (role"
                                + " names are case-sensitive)"),
                Arguments.of(
                        Option.ALLOW_TYPES_IN_FILE_DEPLOY,
                        new PackageException(Message.text("Type files are not deployed by a single-file deploy: CREATE"
                                        + " TYPE fails on an existing type (types/t.sql); deploy the whole package, or"
                                        + " allow it explicitly (")
                                .then(Option.ALLOW_TYPES_IN_FILE_DEPLOY, "true")
                                .then(")")),
                        "Type files are not deployed by a single-file deploy: CREATE TYPE fails on an existing type"
                                + " (types/t.sql); deploy the whole package, or allow it explicitly"
                                + " (-Dsem.allowTypesInFileDeploy=true)"),
                Arguments.of(
                        Option.ALLOW_TYPES_IN_OVERWRITE,
                        new PackageException(Message.text("Package p has type files (types/t.sql), which overwrite mode"
                                        + " cannot replace (CREATE TYPE fails on an existing type); use ")
                                .then(Option.MODE, "moderate")
                                .then(" or unsafe, or allow it explicitly (")
                                .then(Option.ALLOW_TYPES_IN_OVERWRITE, "true")
                                .then(")")),
                        "Package p has type files (types/t.sql), which overwrite mode cannot replace (CREATE TYPE fails"
                                + " on an existing type); use -Dsem.mode=moderate or unsafe, or allow it explicitly"
                                + " (-Dsem.allowTypesInOverwrite=true)"),
                Arguments.of(
                        Option.ALLOW_CASCADE_OUTSIDE,
                        new PackageException(Message.text("DROP SCHEMA s CASCADE (unsafe mode) would also drop objects"
                                        + " outside the schema: view v; remove the dependency, or allow it explicitly"
                                        + " (")
                                .then(Option.ALLOW_CASCADE_OUTSIDE, "true")
                                .then(")")),
                        "DROP SCHEMA s CASCADE (unsafe mode) would also drop objects outside the schema: view v; remove"
                                + " the dependency, or allow it explicitly (-Dsem.allowCascadeOutside=true)"),
                Arguments.of(
                        Option.RERUN_TABLE_SCRIPTS,
                        new PackageException(Message.text("Table script tables/1.sql changed since it was executed in"
                                        + " this schema; it is not executed again. Put the change into a new table"
                                        + " script, or run it again explicitly (")
                                .then(Option.RERUN_TABLE_SCRIPTS, "tables/1.sql")
                                .then(")")),
                        "Table script tables/1.sql changed since it was executed in this schema; it is not executed"
                                + " again. Put the change into a new table script, or run it again explicitly"
                                + " (-Dsem.rerunTableScripts=tables/1.sql)"),
                Arguments.of(
                        Option.UPGRADE,
                        new PackageException(Message.text("The package registry sem_packages is at version 1, older"
                                        + " than this sem's 3: run mvn sem:registry-install ")
                                .then(Option.UPGRADE, "true")
                                .then(" (one transaction; deploys upgrade it too)")),
                        "The package registry sem_packages is at version 1, older than this sem's 3: run"
                                + " mvn sem:registry-install -Dsem.upgrade=true (one transaction; deploys upgrade it"
                                + " too)"),
                Arguments.of(
                        Option.CONFIRM_UNINSTALL,
                        new PackageException(Message.text("Uninstalling drops schema sem_packages and every record of"
                                        + " the deployed packages (their schemas stay): add ")
                                .then(Option.CONFIRM_UNINSTALL, "true")
                                .then(" to do it")),
                        "Uninstalling drops schema sem_packages and every record of the deployed packages (their"
                                + " schemas stay): add -Dsem.confirmUninstall=true to do it"),
                Arguments.of(
                        Option.FORCE,
                        new PackageException(Message.text("Cannot remove package util 1_0_0 (schema util_1_0_0):"
                                        + " schema util_1_0_0 contains tables: data. Tables are dropped only with ")
                                .then(Option.FORCE, "true")),
                        "Cannot remove package util 1_0_0 (schema util_1_0_0): schema util_1_0_0 contains tables:"
                                + " data. Tables are dropped only with -Dsem.force=true"),
                Arguments.of(
                        Option.DROP_PGPM,
                        new SemException(Message.text("pgpm's DDL event trigger is still installed and logs every DDL"
                                        + " statement into _pgpm.ddl_changes_log; drop it (DROP EVENT TRIGGER) or"
                                        + " import again with ")
                                .then(Option.DROP_PGPM, "true")),
                        "pgpm's DDL event trigger is still installed and logs every DDL statement into"
                                + " _pgpm.ddl_changes_log; drop it (DROP EVENT TRIGGER) or import again with"
                                + " -Dsem.dropPgpm=true"),
                Arguments.of(
                        Option.DATABASE_SCOPE,
                        new SemException(Message.text("no schema of that name and version exists (dropped; or a"
                                        + " DATABASE-scope package: name it in ")
                                .then(Option.DATABASE_SCOPE)
                                .then(")")),
                        "no schema of that name and version exists (dropped; or a DATABASE-scope package: name it in"
                                + " -Dsem.databaseScope)"));
    }

    /** The error apply and verify give for invalid script names, from a real scripts/ directory. */
    private static SemException invalidNames(String... names) {
        try {
            Path base = Files.createTempDirectory("sem-names");
            Files.createDirectories(base.resolve("scripts"));
            for (String n : names) {
                Files.writeString(base.resolve("scripts").resolve(n), "select 1;");
            }
            SemException e =
                    new SemException(ScriptSet.scan(base).invalidNamesMessage().orElseThrow());
            TempFiles.deleteTree(base);
            return e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What tagging {@code 1.0.0} again says, in a new repository whose only commit is tagged {@code 1.0.0}. */
    private static SemException existingTagError() {
        try {
            Path dir = Files.createTempDirectory("sem-tags");
            try (Git git = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch("main")
                    .call()) {
                git.commit()
                        .setMessage("one")
                        .setAllowEmpty(true)
                        .setSign(false)
                        .setAuthor("Jane Doe", "jane@example.com")
                        .setCommitter("Jane Doe", "jane@example.com")
                        .call();
                git.tag().setName("1.0.0").setAnnotated(false).call();
            }
            try (GitRepo repo = GitRepo.open(dir)) {
                return engineError(() -> ReleaseTagger.choose(new ReleaseTags(repo), "1.0.0", MICRO));
            } finally {
                TempFiles.deleteTree(dir);
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SemException engineError(Runnable call) {
        try {
            call.run();
        } catch (SemException e) {
            return e;
        }
        throw new AssertionError("expected the engine to refuse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"errors", "packageErrors"})
    void theErrorLineSpellsTheOptionAsItsFlag(Option option, SemException error, String line) {
        COVERED.add(option);
        assertThat(error.message().options()).contains(option);
        assertThat(error.getMessage()).doesNotContain("-Dsem.");
        Throwable failure = catchFailure(error);
        assertThat(failure.getMessage()).isEqualTo(line);
        assertThat(failure.getCause()).isNull();
    }

    @AfterAll
    static void everyOptionHasARow() {
        assertThat(COVERED).containsExactlyInAnyOrder(Option.values());
    }

    @Test
    void aWarningThatNamesAnOptionIsLoggedWithTheFlag() {
        List<String> warnings = new ArrayList<>();
        Failing mojo = new Failing(null);
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        mojo.engineLog()
                .warn(Message.text("")
                        .then(Option.ACCEPT, "20260101-000000.sql")
                        .then(" has no effect: that script is not a changed, applied script"));
        assertThat(warnings)
                .containsExactly("-Dsem.accept=20260101-000000.sql has no effect: that script is not a changed,"
                        + " applied script");
    }

    @Test
    void everyOptionIsTheUserPropertyOfAPluginParameter() throws IOException {
        String mojoSources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/sem/maven"))) {
            StringBuilder all = new StringBuilder();
            for (Path file :
                    files.filter(f -> f.toString().endsWith("Mojo.java")).toList()) {
                all.append(Files.readString(file));
            }
            mojoSources = all.toString();
        }
        for (Option option : Option.values()) {
            assertThat(mojoSources)
                    .as("a @Parameter for " + option)
                    .contains("property = \"" + OptionFlags.property(option) + "\"");
        }
    }

    @Test
    void aUserErrorFailsTheBuildWithJustItsMessageAndAnEnvironmentErrorIsAnExecutionError() {
        SemException user = new SemException(
                "File[./scripts/20260101-000000.sql] line 2: \\i /etc/hostname: the file lies outside the base"
                        + " directory /repo; keep included files inside /repo: copy the file into the repository",
                new IllegalStateException("a cause that must not be printed"));
        assertThat(catchFailure(user))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(user.getMessage())
                .hasNoCause();
        SemException environment =
                SemException.environment("Could not list Dir[scripts]: denied", new IOException("denied"));
        assertThat(catchFailure(environment))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage("Could not list Dir[scripts]: denied")
                .hasNoCause();
    }

    private static Throwable catchFailure(SemException error) {
        Failing mojo = new Failing(error);
        mojo.setLog(new SystemStreamLog() {
            @Override
            public boolean isDebugEnabled() {
                return false;
            }
        });
        try {
            mojo.execute();
        } catch (MojoFailureException | MojoExecutionException e) {
            return e;
        }
        throw new AssertionError("expected the goal to fail");
    }

    /** A goal whose engine call fails with {@code error}. */
    private static final class Failing extends AbstractSemMojo {
        private final SemException error;

        Failing(SemException error) {
            this.error = error;
        }

        @Override
        protected String goal() {
            return "test";
        }

        @Override
        protected void doExecute() {
            throw error;
        }
    }
}
