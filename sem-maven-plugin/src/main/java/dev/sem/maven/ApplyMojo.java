package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.time.Duration;

import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.fleet.ApplyOperation;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Applies, in order, every script the database has not seen yet, recording each one in
 * {@code schema_evolution_manager.scripts} (sem-apply). Runs inside a schema repository (its {@code scripts/}), or
 * without a project on a distribution given by {@code -Dsem.dir}, {@code -Dsem.tarball} or {@code -Dsem.artifact}.
 * With {@code -Dsem.targets} it applies to every selected database of a fleet.
 *
 * @since 0.1.0
 */
@Mojo(name = "apply", requiresProject = false, threadSafe = true)
public class ApplyMojo extends AbstractDatabaseMojo {

    /**
     * Print the SQL that would run, as a file psql could execute, and change nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * Where a dry run writes its SQL (it is also printed).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.dryRunFile")
    protected File dryRunFile;

    /**
     * Seconds to wait for another apply to release the per-database apply lock.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lockWait", defaultValue = "60")
    protected int lockWait;

    /**
     * The {@code lock_timeout} sem sets for every transaction and autocommit statement, in milliseconds; 0 leaves it
     * to the database. A script that sets lock_timeout itself is not managed.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lockTimeout", defaultValue = "2000")
    protected int lockTimeout;

    /**
     * How often a script (or, for transaction = none, a statement) that hit the lock_timeout is retried, with
     * exponential backoff.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.lockRetries", defaultValue = "8")
    protected int lockRetries;

    /**
     * What to do with pending scripts older than the newest applied one (merged late): {@code warn} applies them (as
     * sem does), {@code fail} refuses.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.latePolicy", defaultValue = "warn")
    protected Choices.LatePolicy latePolicy;

    /**
     * An applied script whose changed content is accepted (comma-separated file names); needs
     * {@code sem.acceptReason}. The acceptance is recorded with who, when and why.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.accept")
    protected String accept;

    /**
     * Why the changes named by {@code sem.accept} are accepted.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.acceptReason")
    protected String acceptReason;

    /**
     * The psql program that runs the scripts marked {@code -- sem.executor = psql}: a path, or a name looked up on the
     * {@code PATH}. Needed only when such a script is pending; checked before anything is applied.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.psql", defaultValue = "psql")
    protected String psql;

    /**
     * For a {@code transaction = none} statement whose fate is unknown after a crash: {@code stop} (default),
     * {@code rerun} or {@code skip}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.resumeUnknown", defaultValue = "stop")
    protected Choices.ResumeUnknown resumeUnknown;

    @Inject
    public ApplyMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter, artifactResolver);
    }

    /** The apply options from the parameters. */
    ApplyOptions applyOptions(String artifactCoordinates) {
        if (lockWait < 0 || lockTimeout < 0 || lockRetries < 0) {
            throw new SemException("sem.lockWait, sem.lockTimeout and sem.lockRetries must not be negative");
        }
        return scriptOptions(artifactCoordinates)
                .withDryRun(dryRun)
                .withLockWait(Duration.ofSeconds(lockWait))
                .withLockTimeout(Duration.ofMillis(lockTimeout), lockRetries)
                .withLatePolicy(latePolicy.engine())
                .withAcceptChanges(ApplyOptions.acceptedChanges(accept, acceptReason))
                .withResumeUnknown(resumeUnknown.engine())
                .withPsql(psql);
    }

    @Override
    protected String goal() {
        return "apply";
    }

    @Override
    protected void doExecute() {
        if (fleet()) {
            try (ScriptSource source = scriptSource()) {
                runFleet(new ApplyOperation(
                        source.baseDir(), applyOptions(source.artifact()), engineLog(), parallelism > 1));
            }
            return;
        }
        var settings = connectionSettings();
        try (ScriptSource source = scriptSource()) {
            Applier applier = new Applier(settings, engineLog());
            try {
                ApplyReport result = applier.apply(source.baseDir(), applyOptions(source.artifact()));
                ScriptSources.printDryRun(getLog(), result, dryRunFile, settings);
                getLog().info(Summaries.of(result));
                writeReport(result);
            } catch (Applier.ApplyFailedException e) {
                writeReport(e.report());
                throw e;
            }
        }
    }
}
