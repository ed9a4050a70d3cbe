package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Records every pending script as applied without running it, to adopt an existing database (sem-baseline). Also
 * records {@code VERSION}. With {@code -Dsem.dryRun} it prints what it would record.
 *
 * @since 0.1.0
 */
@Mojo(name = "baseline", requiresProject = false, threadSafe = true)
public class BaselineMojo extends AbstractConnectionMojo {

    /**
     * Encoding of the scripts.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.encoding", defaultValue = "UTF-8")
    protected String encoding;

    /**
     * Treat near-miss attribute lines (such as {@code --sem.attribute...} without a space) as errors.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.strict", defaultValue = "false")
    protected boolean strict;

    /**
     * psql variables for the scripts ({@code :name}, {@code :'name'}, {@code :"name"}). Also given one by one as
     * {@code -Dsem.set.NAME=value}.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> variables = new HashMap<>();

    /**
     * An unpacked distribution directory (containing {@code scripts/} and optionally {@code VERSION}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.dir")
    protected File dir;

    /**
     * A distribution tarball ({@code .tar.gz}) to apply.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.tarball")
    protected File tarball;

    /**
     * Maven coordinates of a distribution, {@code groupId:artifactId:version}, resolved from the configured
     * repositories.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.artifact")
    protected String artifact;

    /**
     * Print what would be recorded, and record nothing.
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

    private final SemArtifactResolver artifactResolver;

    @Inject
    public BaselineMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter);
        this.artifactResolver = artifactResolver;
    }

    /** The baseline options from the parameters. */
    ApplyOptions baselineOptions(String artifactCoordinates) {
        if (lockWait < 0) {
            throw new SemException("sem.lockWait must not be negative");
        }
        return ScriptSources.options(encoding, strict, ScriptVariables.of(variables, session), artifactCoordinates)
                .withDryRun(dryRun)
                .withLockWait(Duration.ofSeconds(lockWait))
                .withLatePolicy(latePolicy.engine())
                .withAcceptChanges(ApplyOptions.acceptedChanges(accept, acceptReason));
    }

    @Override
    protected String goal() {
        return "baseline";
    }

    @Override
    protected void doExecute() {
        var settings = connectionSettings();
        try (ScriptSource source = ScriptSources.of(dir, tarball, artifact, artifactResolver, session)) {
            ApplyReport result =
                    new Applier(settings, engineLog()).baseline(source.baseDir(), baselineOptions(source.artifact()));
            ScriptSources.printDryRun(getLog(), result, dryRunFile, settings);
            getLog().info(Summaries.of(result));
            writeReport(result);
        }
    }
}
