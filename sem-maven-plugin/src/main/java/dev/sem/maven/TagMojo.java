package dev.sem.maven;

import javax.inject.Inject;

import java.io.File;

import dev.sem.SemException;
import dev.sem.git.GitRepo;
import dev.sem.git.ReleaseTagger;
import dev.sem.git.ReleaseTags;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Tags a release as sem-dist does: an annotated tag on HEAD whose message is its name, either the next one after the
 * highest release tag ({@code sem.next}, keeping its prefix) or the one given with {@code sem.tag}. Refuses a dirty
 * work tree (listing the files), an existing tag and a name that is not a release tag ({@code x.y.z}, optionally
 * prefixed like {@code v1.2.3}; so never a {@code -SNAPSHOT}). With {@code sem.push} the remote's tags are fetched
 * first (so the next tag follows every release already pushed) and the new tag is pushed to {@code sem.remote}, with
 * the credentials of the settings.xml server {@code sem.gitServerId} when the remote asks.
 *
 * @since 0.1.0
 */
@Mojo(name = "tag", requiresProject = false, aggregator = true, threadSafe = true)
public class TagMojo extends AbstractSemMojo {

    /** The default settings.xml server id for git credentials. */
    static final String DEFAULT_GIT_SERVER_ID = "sem-git";

    /** The directory Maven runs in (the project's base directory, or the current directory without a project). */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File basedir;

    /** The Maven session (set by Maven): settings.xml servers. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /**
     * Any directory inside the git work tree to tag. Defaults to the base directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.gitDir")
    private File gitDir;

    /**
     * The tag to create, such as {@code 1.2.3} or {@code v1.2.3}. Without it the next tag after the highest release
     * tag is created (see {@code sem.next}), or {@code 0.0.1} when there is none.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.tag")
    private String tag;

    /**
     * Which number the next tag increments when {@code sem.tag} is not given: {@code micro}, {@code minor} or
     * {@code major}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.next", defaultValue = "micro")
    private ReleaseChoices.Next next;

    /**
     * Fetch the tags of {@code sem.remote} first, then push the new tag there.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.push", defaultValue = "false")
    private boolean push;

    /**
     * The remote the tag is pushed to: a configured remote's name or a URL.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.remote", defaultValue = "origin")
    private String remote;

    /**
     * The settings.xml {@code <server>} whose username and (encrypted) password are given to the remote when it asks
     * for credentials (HTTPS). Ignored when the default id is absent from settings.xml; SSH remotes use the SSH agent
     * and keys as configured for JGit.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.gitServerId", defaultValue = DEFAULT_GIT_SERVER_ID)
    private String gitServerId;

    private final SettingsDecrypter settingsDecrypter;

    @Inject
    public TagMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    protected String goal() {
        return "tag";
    }

    @Override
    protected void doExecute() {
        SettingsCredentials.Credentials credentials = push ? credentials() : null;
        if (credentials != null) {
            getLog().info("Using credentials of settings.xml server " + credentials.serverId()
                    + (credentials.user() == null ? "" : " (user " + credentials.user() + ")"));
        }
        try (GitRepo repo = GitRepo.open((gitDir != null ? gitDir : basedir).toPath())) {
            if (push) {
                ReleaseTagger.fetchTags(
                        repo,
                        remote,
                        credentials == null ? null : credentials.user(),
                        credentials == null ? null : credentials.password());
                getLog().info("Fetched the tags of " + remote);
            }
            String name = ReleaseTagger.choose(new ReleaseTags(repo), tag, next.engine());
            ReleaseTagger.Created created = ReleaseTagger.create(repo, name);
            getLog().info("Created tag " + created.tag() + " on "
                    + created.commit().substring(0, 7)
                    + (created.previous() == null
                            ? " (the first release tag)"
                            : " (previous " + created.previous() + ")"));
            if (push) {
                try {
                    ReleaseTagger.push(
                            repo,
                            remote,
                            name,
                            credentials == null ? null : credentials.user(),
                            credentials == null ? null : credentials.password());
                } catch (SemException e) {
                    throw new SemException(
                            e.getMessage() + ". The tag " + name + " exists locally; push it with" + " git push "
                                    + remote + " " + name + ", or delete it with git tag -d " + name,
                            e);
                }
                getLog().info("Pushed tag " + name + " to " + remote);
            }
            getLog().info("tag: " + name);
            writeReport(new Report(goal(), name, created.commit(), created.previous(), push ? remote : null));
        }
    }

    private SettingsCredentials.Credentials credentials() {
        boolean explicit = !DEFAULT_GIT_SERVER_ID.equals(gitServerId);
        if (explicit && (session.getSettings() == null || session.getSettings().getServer(gitServerId) == null)) {
            throw new SemException("-Dsem.gitServerId=" + gitServerId + ": there is no <server> with id " + gitServerId
                    + " in settings.xml. Add one with <username> and <password>, or drop the parameter.");
        }
        return SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, gitServerId, false)
                .orElse(null);
    }

    /**
     * The JSON report of {@code sem:tag} ({@code -Dsem.report=file}).
     *
     * @param goal {@code tag}
     * @param tag the created tag
     * @param commit the tagged commit's id
     * @param previous the highest release tag before, or {@code null}
     * @param pushedTo the remote the tag was pushed to, or {@code null}
     */
    public record Report(String goal, String tag, String commit, String previous, String pushedTo) {}
}
