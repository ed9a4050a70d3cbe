package dev.sem.maven;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.source.ScriptSource;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Parameters shared by the goals that talk to a database ({@code apply}, {@code status}, {@code baseline}): where the
 * scripts come from, how to connect, and how to apply.
 */
public abstract class AbstractDatabaseMojo extends AbstractSemMojo {

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
     * psql variables for the scripts ({@code :name}, {@code :'name'}, {@code :"name"}). Also given one by one as
     * {@code -Dsem.set.NAME=value}.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> variables = new HashMap<>();

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
    protected String latePolicy;

    /**
     * Treat near-miss attribute lines (such as {@code --sem.attribute...} without a space) as errors.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.strict", defaultValue = "false")
    protected boolean strict;

    /**
     * Encoding of the scripts.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.encoding", defaultValue = "UTF-8")
    protected String encoding;

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
    protected String resumeUnknown;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

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
            try {
                Path parent = dryRunFile.toPath().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(dryRunFile.toPath(), result.dryRunSql());
            } catch (IOException e) {
                throw SemException.environment("Could not write " + dryRunFile + ": " + e.getMessage(), e);
            }
            getLog().info("Dry-run SQL written to " + dryRunFile + " (run it with psql -v ON_ERROR_STOP=1 -f)");
        }
    }

    /** Connection settings from the parameters, settings.xml and the libpq environment. */
    protected ConnectionSettings connectionSettings() {
        boolean explicitServer = !DEFAULT_SERVER_ID.equals(serverId);
        var credentials =
                SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, serverId, explicitServer);
        credentials.ifPresent(c -> getLog().info("Using credentials of settings.xml server " + c.serverId()
                + (c.user() == null ? "" : " (user " + c.user() + ")")));
        String settingsUser =
                credentials.map(SettingsCredentials.Credentials::user).orElse(null);
        DatabaseUrl target;
        if (url != null && !url.isBlank()) {
            if (host != null || port != null || name != null) {
                throw new SemException("Give either -Dsem.url or -Dsem.host/-Dsem.port/-Dsem.name, not both");
            }
            target = DatabaseUrl.parse(url);
        } else {
            target = DatabaseUrl.fromParts(host, port, name, user != null ? user : settingsUser, System.getenv());
        }
        ConnectionSettings.Builder builder = ConnectionSettings.builder(target)
                .defaultUser(user != null ? user : settingsUser)
                .toolVersion(pluginVersion());
        credentials
                .map(SettingsCredentials.Credentials::password)
                .ifPresent(pw -> builder.password(pw, "settings.xml server " + serverId));
        ConnectionSettings settings = builder.build();
        settings.warnings().forEach(getLog()::warn);
        return settings;
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
        Map<String, String> vars = ScriptVariables.of(variables, session);
        Map<String, String> accepted = new HashMap<>();
        if (accept != null && !accept.isBlank()) {
            if (acceptReason == null || acceptReason.isBlank()) {
                throw new SemException("-Dsem.accept=" + accept + " needs a reason: add -Dsem.acceptReason=\"why the"
                        + " changed script is acceptable\"; it is recorded in the database");
            }
            for (String f : accept.split(",")) {
                accepted.put(f.trim(), acceptReason);
            }
        }
        ApplyOptions.LatePolicy late = switch (latePolicy.toLowerCase(Locale.ROOT)) {
            case "warn" -> ApplyOptions.LatePolicy.WARN;
            case "fail" -> ApplyOptions.LatePolicy.FAIL;
            default -> throw new SemException("-Dsem.latePolicy=" + latePolicy + " is not valid; use warn or fail");
        };
        ApplyOptions.ResumePolicy resume = switch (resumeUnknown.toLowerCase(Locale.ROOT)) {
            case "stop" -> ApplyOptions.ResumePolicy.STOP;
            case "rerun" -> ApplyOptions.ResumePolicy.RERUN;
            case "skip" -> ApplyOptions.ResumePolicy.SKIP;
            default ->
                throw new SemException(
                        "-Dsem.resumeUnknown=" + resumeUnknown + " is not valid; use stop, rerun or skip");
        };
        if (lockWait < 0 || lockTimeout < 0 || lockRetries < 0) {
            throw new SemException("sem.lockWait, sem.lockTimeout and sem.lockRetries must not be negative");
        }
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new SemException("-Dsem.encoding=" + encoding + " is not a known character set; use UTF-8");
        }
        return ApplyOptions.defaults()
                .withDryRun(dryRun)
                .withLockWait(Duration.ofSeconds(lockWait))
                .withLockTimeout(Duration.ofMillis(lockTimeout), lockRetries)
                .withLatePolicy(late)
                .withStrict(strict)
                .withVariables(vars)
                .withAcceptChanges(accepted)
                .withEncoding(charset)
                .withArtifact(artifactCoordinates)
                .withResumeUnknown(resume)
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
