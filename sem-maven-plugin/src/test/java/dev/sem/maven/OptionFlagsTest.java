package dev.sem.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.source.ScriptSource;
import dev.sem.verify.ThrowawayPostgres;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
                        Option.LATE_POLICY,
                        new SemException(Message.text("They would run after newer scripts; rename them with mvn"
                                        + " sem:add, or run with ")
                                .then(Option.LATE_POLICY, "warn")
                                .then(" to apply them anyway.")),
                        "They would run after newer scripts; rename them with mvn sem:add, or run with"
                                + " -Dsem.latePolicy=warn to apply them anyway."),
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

    private static SemException engineError(Runnable call) {
        try {
            call.run();
        } catch (SemException e) {
            return e;
        }
        throw new AssertionError("expected the engine to refuse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
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
