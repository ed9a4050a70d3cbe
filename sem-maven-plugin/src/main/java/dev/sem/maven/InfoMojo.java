package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.git.GitRepo;
import dev.sem.git.ReleaseTag;
import dev.sem.git.ReleaseTags;
import dev.sem.history.DeployedState;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Shows release and deployment information, read-only (sem-info): the git repository's latest release tag, the next
 * one, whether a tag exists, this plugin's version and, when a database is named, its deployed version and applied
 * scripts. Each line is {@code <what>: <value>}; with {@code sem.info} only that value is printed, bare, on standard
 * output. Fails when {@code sem.tag} names a tag that does not exist, so scripts can branch on the exit code.
 *
 * @since 0.1.0
 */
@Mojo(name = "info", requiresProject = false, aggregator = true, threadSafe = true)
public class InfoMojo extends AbstractConnectionMojo {

    /** What {@code latest} prints when there is no release tag, as sem-info tag latest does. */
    static final String NO_TAG = "0.0.0";

    /** The directory Maven runs in (the project's base directory, or the current directory without a project). */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File basedir;

    /** This plugin's version. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    /**
     * Any directory inside the git work tree whose release tags are shown. Defaults to the base directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.gitDir")
    private File gitDir;

    /**
     * Which number the next tag increments: {@code micro} (1.2.3 → 1.2.4), {@code minor} (→ 1.3.0) or {@code major}
     * (→ 2.0.0). The tag's prefix (such as {@code v}) is kept.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.next", defaultValue = "micro")
    private ReleaseChoices.Next next;

    /**
     * A tag that must exist: {@code tag <name>: exists} is shown, or the goal fails with
     * {@code Tag[<name>] not found. Check git tag -l}. The match is exact (not a substring, unlike sem-info).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.tag")
    private String tag;

    /**
     * Print just one value, bare, on standard output: {@code latest}, {@code next}, {@code exists}, {@code version},
     * {@code deployed} or {@code scripts} (one line per applied script). {@code all} (the default) logs every value as
     * {@code <what>: <value>}. The database values ({@code deployed}, {@code scripts}) use the connection parameters
     * ({@code sem.url} or libpq's defaults); with {@code all} the database is read only when {@code sem.url},
     * {@code sem.host}, {@code sem.port} or {@code sem.name} is given.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.info", defaultValue = "all")
    private ReleaseChoices.Info info;

    @Inject
    public InfoMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "info";
    }

    @Override
    protected void doExecute() {
        ReleaseChoices.Info selected = info == null ? ReleaseChoices.Info.all : info;
        if (selected == ReleaseChoices.Info.exists && (tag == null || tag.isBlank())) {
            throw new SemException("-Dsem.info=exists needs the tag to look for: add -Dsem.tag=<name>");
        }
        String toolVersion = pluginVersion;
        GitInfo git = null;
        DatabaseInfo database = null;
        boolean gitWanted = switch (selected) {
            case all -> true;
            case latest, next, exists -> true;
            default -> tag != null && !tag.isBlank();
        };
        if (gitWanted) {
            git = gitInfo(selected == ReleaseChoices.Info.all && (tag == null || tag.isBlank()));
        }
        boolean databaseWanted = selected == ReleaseChoices.Info.deployed
                || selected == ReleaseChoices.Info.scripts
                || (selected == ReleaseChoices.Info.all && databaseNamed());
        if (databaseWanted) {
            database = databaseInfo();
        }
        if (selected == ReleaseChoices.Info.all) {
            logAll(toolVersion, git, database);
        }
        writeReport(new Report(goal(), toolVersion, git, database));
        if (git != null && git.tag() != null && !git.tagExists()) {
            throw new SemException("Tag[" + git.tag() + "] not found. Check git tag -l");
        }
        if (selected != ReleaseChoices.Info.all) {
            printValue(selected, toolVersion, git, database);
        }
    }

    private boolean databaseNamed() {
        return (url != null && !url.isBlank()) || host != null || port != null || name != null;
    }

    /** The git part; {@code null} when optional and the directory is not inside a git work tree. */
    private GitInfo gitInfo(boolean optional) {
        Path dir = (gitDir != null ? gitDir : basedir).toPath();
        GitRepo repo;
        try {
            repo = GitRepo.open(dir);
        } catch (SemException e) {
            if (optional && e.isUserError()) {
                // Beside a database the repository is incidental (a deployment host has none): say so only with -X.
                if (databaseNamed()) {
                    getLog().debug("git: " + e.getMessage());
                } else {
                    getLog().info("git: " + e.getMessage());
                }
                return null;
            }
            throw e;
        }
        try (repo) {
            ReleaseTags tags = new ReleaseTags(repo);
            String wanted = tag == null || tag.isBlank() ? null : tag.strip();
            return new GitInfo(
                    repo.workTree().toString(),
                    tags.all().stream().map(ReleaseTag::name).toList(),
                    tags.latest().map(ReleaseTag::name).orElse(null),
                    next.name(),
                    tags.next(next.engine()),
                    wanted,
                    wanted != null && tags.exists(wanted));
        }
    }

    private DatabaseInfo databaseInfo() {
        ConnectionSettings settings = connectionSettings();
        DeployedState state;
        try (Connection c = new ConnectionFactory(settings).open("sem:" + goal())) {
            c.setReadOnly(true);
            state = DeployedState.read(c);
        } catch (SQLException e) {
            throw new SemException(
                    "sem:" + goal() + " failed on " + settings.sanitizedUrl() + ": " + settings.redact(e.getMessage()),
                    e);
        }
        return new DatabaseInfo(
                settings.sanitizedUrl(),
                state.version().orElse(null),
                text(state.versionRecordedAt()),
                state.scripts().stream()
                        .map(s -> new Applied(s.filename(), text(s.appliedAt())))
                        .toList());
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    private void logAll(String toolVersion, GitInfo git, DatabaseInfo database) {
        if (git != null) {
            getLog().info("git work tree: " + git.workTree());
            getLog().info("release tags: " + git.tags().size());
            getLog().info("latest tag: " + (git.latestTag() == null ? NO_TAG : git.latestTag()));
            getLog().info("next tag (" + git.next() + "): " + git.nextTag());
            if (git.tag() != null) {
                getLog().info("tag " + git.tag() + ": " + (git.tagExists() ? "exists" : "not found"));
            }
        }
        if (database != null) {
            getLog().info("database: " + database.database());
            getLog().info("deployed version: "
                    + (database.deployedVersion() == null ? "none" : database.deployedVersion()));
            getLog().info("applied scripts: " + database.appliedScripts().size());
            for (Applied a : database.appliedScripts()) {
                getLog().info("  " + a.filename() + " " + a.appliedAt());
            }
        }
        getLog().info("tool version: " + toolVersion);
    }

    /**
     * The process's own standard output, not {@code System.out}: Maven 4 routes a plugin's {@code System.out} into its
     * log ({@code [INFO] [stdout] ...}), which {@code $(mvn -q ...)} would not capture. Never closed.
     */
    @SuppressWarnings("java:S106") // the bare value is the goal's output, on purpose outside the log
    private static PrintStream processStdout() {
        System.out.flush();
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }

    private void printValue(ReleaseChoices.Info selected, String toolVersion, GitInfo git, DatabaseInfo database) {
        PrintStream out = processStdout();
        switch (selected) {
            case latest -> out.println(git.latestTag() == null ? NO_TAG : git.latestTag());
            case next -> out.println(git.nextTag());
            case exists -> out.println("true");
            case version -> out.println(toolVersion);
            case deployed -> {
                if (database.deployedVersion() == null) {
                    getLog().warn("No deployed version recorded");
                } else {
                    out.println(database.deployedVersion());
                }
            }
            case scripts -> {
                if (database.appliedScripts().isEmpty()) {
                    getLog().warn("No scripts recorded");
                }
                database.appliedScripts().forEach(a -> out.println(a.filename()));
            }
            default -> throw new IllegalStateException(selected.name());
        }
        out.flush();
    }

    /**
     * The git part of the report.
     *
     * @param workTree the work tree's root
     * @param tags the release tags, lowest first
     * @param latestTag the highest release tag, or {@code null}
     * @param next which number {@code nextTag} increments
     * @param nextTag the next release tag
     * @param tag the tag asked about ({@code sem.tag}), or {@code null}
     * @param tagExists whether {@code tag} exists
     */
    public record GitInfo(
            String workTree,
            List<String> tags,
            String latestTag,
            String next,
            String nextTag,
            String tag,
            boolean tagExists) {}

    /**
     * One applied script.
     *
     * @param filename the script's file name
     * @param appliedAt when it was recorded, ISO-8601
     */
    public record Applied(String filename, String appliedAt) {}

    /**
     * The database part of the report.
     *
     * @param database the database, without password
     * @param deployedVersion the deployed version, or {@code null}
     * @param deployedAt when it was recorded, ISO-8601, or {@code null}
     * @param appliedScripts the applied scripts, by file name
     */
    public record DatabaseInfo(
            String database, String deployedVersion, String deployedAt, List<Applied> appliedScripts) {}

    /**
     * The JSON report of {@code sem:info} ({@code -Dsem.report=file}).
     *
     * @param goal {@code info}
     * @param toolVersion this plugin's version
     * @param git the git part, or {@code null} when not in a git work tree or not asked for
     * @param database the database part, or {@code null} when no database was read
     */
    public record Report(String goal, String toolVersion, GitInfo git, DatabaseInfo database) {}
}
