package dev.sem.maven;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.fleet.FleetOperation;
import dev.sem.fleet.FleetOptions;
import dev.sem.fleet.FleetReport;
import dev.sem.fleet.FleetRunner;
import dev.sem.script.ScriptReader;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Parameters shared by the goals that talk to a database ({@code apply}, {@code status}, {@code baseline}): where the
 * scripts come from, how to connect, and how to apply.
 */
public abstract class AbstractDatabaseMojo extends AbstractScriptsMojo {

    /** The default settings.xml server id for database credentials. */
    static final String DEFAULT_SERVER_ID = "sem-db";

    /**
     * The database: {@code postgresql://user@host:5432/name?sslmode=require} (as sem takes it) or
     * {@code jdbc:postgresql://host:5432/name}. Put no password here; use a settings.xml server, {@code PGPASSWORD} or
     * {@code ~/.pgpass}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.url")
    protected String url;

    /**
     * Database host, when no URL is given ({@code PGHOST}, else localhost).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.host")
    protected String host;

    /**
     * Database port, when no URL is given ({@code PGPORT}, else 5432).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.port")
    protected Integer port;

    /**
     * Database name, when no URL is given ({@code PGDATABASE}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.name")
    protected String name;

    /**
     * Database user, when neither the URL nor the settings.xml server names one ({@code PGUSER}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.user")
    protected String user;

    /**
     * The settings.xml {@code <server>} whose username and (encrypted) password are used to connect. Ignored when the
     * default id is absent from settings.xml.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.serverId", defaultValue = DEFAULT_SERVER_ID)
    protected String serverId;

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
     * For a {@code transaction = none} statement whose fate is unknown after a crash: {@code stop} (default),
     * {@code rerun} or {@code skip}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.resumeUnknown", defaultValue = "stop")
    protected Choices.ResumeUnknown resumeUnknown;

    /**
     * A fleet: a JSON file of database sets in pgpm's {@code connection_sets} format ({@code LIST} entries
     * {@code host, port, dbname, environment, product, unique_name}, or {@code RESDB} sets read from a resource
     * database). The goal then runs on every selected database instead of {@code sem.url}: preflight of all, then a
     * bounded parallel run, a summary and one JSON report entry per database. No passwords in the file.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.targets")
    protected File targetsFile;

    /**
     * A fleet declared in the POM instead of a file: {@code <targets><target><uniqueName>eu-1</uniqueName>
     * <host>db1</host><port>5432</port><dbname>shop</dbname><environment>prod</environment><product>shop</product>
     * </target></targets>}.
     *
     * @since 0.2.0
     */
    @Parameter
    protected List<FleetTarget> targets;

    /**
     * Fleets: keep the databases of this environment (pgpm's {@code set <environment> <product>}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.environment")
    protected String environment;

    /**
     * Fleets: keep the databases of this product.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.product")
    protected String product;

    /**
     * Fleets: keep only these databases, by {@code unique_name} (comma-separated).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.only")
    protected List<String> only;

    /**
     * Fleets: every selected database except these, by {@code unique_name} (comma-separated).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.except")
    protected List<String> except;

    /**
     * Fleets across machines: this run's share of the selected databases, {@code i/n} (1-based), stable and
     * deterministic, so n runners (a CI matrix) cover every database exactly once without a coordinator.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.shard")
    protected String shard;

    /**
     * Fleets across machines: the number of shards when the index comes from {@code JOB_COMPLETION_INDEX} (a
     * Kubernetes Indexed Job, 0-based).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.shardCount")
    protected Integer shardCount;

    /**
     * Fleets: how many databases run at once.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.parallelism", defaultValue = "4")
    protected int parallelism;

    /**
     * Fleets: keep going after a database failed (default: fail fast, no new database starts after a failure). The
     * build fails if any database failed.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.continueOnError", defaultValue = "false")
    protected boolean continueOnError;

    /**
     * Fleets: skip the databases the preflight cannot reach instead of stopping the run.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.skipUnreachable", defaultValue = "false")
    protected boolean skipUnreachable;

    private final SettingsDecrypter settingsDecrypter;
    private final SemArtifactResolver artifactResolver;

    protected AbstractDatabaseMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        this.settingsDecrypter = settingsDecrypter;
        this.artifactResolver = artifactResolver;
    }

    /** Prints a dry run's SQL and writes it to {@code sem.dryRunFile} when given. */
    protected void printDryRun(ApplyReport result) {
        if (result.dryRunSql() == null) {
            return;
        }
        getLog().info("SQL that would run (nothing was changed):");
        for (String line : result.dryRunSql().split("\n", -1)) {
            getLog().info("  " + line);
        }
        if (dryRunFile != null) {
            result.writeDryRunSql(dryRunFile.toPath());
            getLog().info("Dry-run SQL written to " + dryRunFile + " (run it with psql -v ON_ERROR_STOP=1 -f)");
        }
    }

    /** Connection settings from the parameters, settings.xml and the libpq environment. */
    protected ConnectionSettings connectionSettings() {
        return connectionSettings(url, host, port, name, null, true);
    }

    /**
     * Connection settings of a database given by a URL or by host, port and name, with the credentials of the
     * settings.xml server named like the host when there is one ({@code perHostServer}), else of {@code sem.serverId}.
     */
    ConnectionSettings connectionSettings(
            String url, String host, Integer port, String name, String perHostServer, boolean announce) {
        boolean explicitServer = !DEFAULT_SERVER_ID.equals(serverId);
        var credentials = SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, perHostServer, false)
                .or(() ->
                        SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, serverId, explicitServer));
        credentials.ifPresent(c -> {
            String line = "Using credentials of settings.xml server " + c.serverId()
                    + (c.user() == null ? "" : " (user " + c.user() + ")");
            if (announce) {
                getLog().info(line);
            } else {
                getLog().debug(line);
            }
        });
        String settingsUser =
                credentials.map(SettingsCredentials.Credentials::user).orElse(null);
        DatabaseUrl target = DatabaseUrl.of(url, host, port, name, user != null ? user : settingsUser, System.getenv());
        ConnectionSettings.Builder builder = ConnectionSettings.builder(target)
                .defaultUser(user != null ? user : settingsUser)
                .toolVersion(pluginVersion());
        credentials.ifPresent(c -> {
            if (c.password() != null) {
                builder.password(c.password(), "settings.xml server " + c.serverId());
            }
        });
        ConnectionSettings settings = builder.build();
        settings.warnings().forEach(getLog()::warn);
        return settings;
    }

    /** Whether the goal runs on a fleet ({@code sem.targets} or {@code <targets>}) instead of one database. */
    protected boolean fleet() {
        return targetsFile != null || (targets != null && !targets.isEmpty());
    }

    /**
     * Runs {@code operation} on the selected targets: preflight, bounded parallel run, summary, JSON report; fails the
     * build if any target failed.
     */
    protected FleetReport runFleet(FleetOperation operation) {
        if (url != null || host != null || name != null) {
            throw new SemException(
                    "Give either -Dsem.url (one database) or -Dsem.targets/<targets> (a fleet), not" + " both");
        }
        FleetTargets.Selected selected = FleetTargets.select(this);
        FleetReport result = new FleetRunner(engineLog())
                .run(
                        selected.targets(),
                        t -> connectionSettings(null, t.host(), t.port(), t.dbname(), t.host(), false),
                        operation,
                        new FleetOptions(parallelism, !continueOnError, skipUnreachable))
                .withShard(selected.shard());
        writeReport(result);
        if (result.failed()) {
            throw new SemException(FleetTargets.failure(operation.goal(), result));
        }
        return result;
    }

    /** Connection settings of a resource database's connection string ({@code RESDB} sets). */
    ConnectionSettings resourceDatabase(String connectionString) {
        return connectionSettings(connectionString, null, null, null, null, false);
    }

    /** Where the scripts come from: a directory, a tarball, coordinates, or the project's base directory. */
    protected ScriptSource scriptSource() {
        int given = (dir != null ? 1 : 0) + (tarball != null ? 1 : 0) + (artifact != null ? 1 : 0);
        if (given > 1) {
            throw new SemException("Give only one of -Dsem.dir, -Dsem.tarball and -Dsem.artifact");
        }
        if (dir != null) {
            return ScriptSource.directory(dir.toPath());
        }
        if (tarball != null) {
            return ScriptSource.tarball(tarball.toPath());
        }
        if (artifact != null) {
            Path file = artifactResolver.resolve(session, artifact);
            return ScriptSource.tarball(file, artifact);
        }
        Path base = session.getCurrentProject() != null
                        && session.getCurrentProject().getBasedir() != null
                ? session.getCurrentProject().getBasedir().toPath()
                : Path.of(session.getRequest().getBaseDirectory());
        return ScriptSource.directory(base);
    }

    /** The apply options from the parameters. */
    protected ApplyOptions applyOptions(String artifactCoordinates) {
        if (lockWait < 0 || lockTimeout < 0 || lockRetries < 0) {
            throw new SemException("sem.lockWait, sem.lockTimeout and sem.lockRetries must not be negative");
        }
        return ApplyOptions.defaults()
                .withDryRun(dryRun)
                .withLockWait(Duration.ofSeconds(lockWait))
                .withLockTimeout(Duration.ofMillis(lockTimeout), lockRetries)
                .withLatePolicy(latePolicy.engine())
                .withStrict(strict)
                .withVariables(scriptVariables())
                .withAcceptChanges(ApplyOptions.acceptedChanges(accept, acceptReason))
                .withEncoding(ScriptReader.Options.charset(encoding))
                .withArtifact(artifactCoordinates)
                .withResumeUnknown(resumeUnknown.engine())
                .withActor(actor());
    }

    private static String pluginVersion() {
        String v = AbstractDatabaseMojo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String actor() {
        String userName = System.getProperty("user.name", "unknown");
        try {
            return userName + "@" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return userName;
        }
    }
}
