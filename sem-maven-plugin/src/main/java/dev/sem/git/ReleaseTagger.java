package dev.sem.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.script.VersionFile;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Creates release tags as sem's {@code sem-dist} does (an annotated tag whose message is its name), on top of JGit: the
 * name must match the release tag pattern (§2.7), so a Maven {@code -SNAPSHOT} version can never become a tag, and the
 * work tree must be clean, so that the tag names exactly what was tested.
 */
public final class ReleaseTagger {

    private ReleaseTagger() {}

    /**
     * A created tag.
     *
     * @param tag the tag's name
     * @param commit the full id of the tagged commit (HEAD)
     * @param previous the highest release tag before, or {@code null}
     */
    public record Created(String tag, String commit, String previous) {}

    /**
     * The tag to create: {@code requested} when given (validated), else the next one after the highest release tag for
     * {@code component}, keeping its prefix.
     *
     * @throws SemException when {@code requested} is not a release tag name or the tag already exists
     */
    public static String choose(ReleaseTags tags, String requested, ReleaseTag.Component component) {
        String name = requested == null || requested.isBlank() ? tags.next(component) : requested.strip();
        checkName(name);
        if (tags.exists(name)) {
            throw new SemException(
                    Message.text("Tag[" + name + "] already exists. Check git tag -l; choose another" + " name with ")
                            .then(Option.TAG)
                            .then(" or omit it to take the next one (" + tags.next(component) + ")"));
        }
        return name;
    }

    /**
     * Checks a tag name against sem's release tag pattern and {@code VERSION} rules.
     *
     * @throws SemException {@code Invalid tag[<t>]. Format must be x.x.x (e.g. 1.1.2)} as sem says it
     */
    public static void checkName(String name) {
        if (!ReleaseTag.isReleaseTag(name)) {
            throw new SemException("Invalid tag[" + name + "]. Format must be x.x.x (e.g. 1.1.2), optionally"
                    + " prefixed like v1.1.2; a -SNAPSHOT version is never a release tag");
        }
        VersionFile.validate(name);
    }

    /**
     * The work tree's uncommitted changes: modified, added, removed, missing, conflicting and untracked (not ignored)
     * paths, sorted.
     */
    public static List<String> dirtyFiles(GitRepo repo) {
        try {
            Status status = Git.wrap(repo.repository()).status().call();
            TreeSet<String> dirty = new TreeSet<>();
            dirty.addAll(status.getUncommittedChanges());
            dirty.addAll(status.getUntracked());
            dirty.addAll(status.getConflicting());
            return List.copyOf(dirty);
        } catch (GitAPIException e) {
            throw SemException.environment("Cannot read the status of " + repo.workTree() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the annotated tag {@code name} (message = name, as sem) on HEAD after checking the name, that it does not
     * exist yet and that the work tree is clean.
     *
     * @throws SemException when HEAD has no commit, the work tree is dirty (listing the files), the name is invalid or
     *     the tag exists
     */
    public static Created create(GitRepo repo, String name) {
        checkName(name);
        if (!repo.hasHead()) {
            throw new SemException("The git repository " + repo.workTree() + " has no commit yet; commit scripts/"
                    + " before tagging a release");
        }
        ReleaseTags tags = new ReleaseTags(repo);
        if (tags.exists(name)) {
            throw new SemException("Tag[" + name + "] already exists. Check git tag -l");
        }
        List<String> dirty = dirtyFiles(repo);
        if (!dirty.isEmpty()) {
            throw new SemException("The work tree " + repo.workTree() + " has uncommitted changes: "
                    + String.join(", ", limit(dirty)) + ". Commit (or stash) them before tagging " + name
                    + ", so the tag names exactly what is released");
        }
        RevCommit head = repo.commit(Constants.HEAD);
        try {
            Git.wrap(repo.repository())
                    .tag()
                    .setName(name)
                    .setMessage(name)
                    .setAnnotated(true)
                    .setSigned(false)
                    .setObjectId(head)
                    .call();
        } catch (GitAPIException e) {
            throw SemException.environment("Cannot create tag " + name + ": " + e.getMessage(), e);
        }
        return new Created(
                name, head.getName(), tags.latest().map(ReleaseTag::name).orElse(null));
    }

    private static List<String> limit(List<String> files) {
        if (files.size() <= 20) {
            return files;
        }
        List<String> shown = new ArrayList<>(files.subList(0, 20));
        shown.add("… (" + (files.size() - 20) + " more; see git status)");
        return shown;
    }

    /**
     * Pushes {@code refs/tags/<name>} to {@code remote} (a configured remote's name or a URL). {@code user} and
     * {@code password} are used when the transport asks for credentials (HTTP); both may be null.
     *
     * @throws SemException when the remote rejects the tag or cannot be reached; the password never appears
     */
    public static void push(GitRepo repo, String remote, String name, String user, String password) {
        try {
            Ref ref = repo.repository().exactRef(Constants.R_TAGS + name);
            if (ref == null) {
                throw new SemException("Tag[" + name + "] not found. Check git tag -l");
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read tag " + name + ": " + e.getMessage(), e);
        }
        String refName = Constants.R_TAGS + name;
        Iterable<PushResult> results;
        try {
            var push = Git.wrap(repo.repository())
                    .push()
                    .setRemote(remote)
                    .setRefSpecs(new RefSpec(refName + ":" + refName))
                    .setAtomic(false);
            if (user != null || password != null) {
                push.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                        user == null ? "" : user, password == null ? new char[0] : password.toCharArray()));
            }
            results = push.call();
        } catch (TransportException e) {
            throw new SemException(
                    "Cannot push tag " + name + " to " + remote + ": " + redact(e.getMessage(), password), e);
        } catch (GitAPIException | RuntimeException e) {
            throw new SemException(
                    "Cannot push tag " + name + " to " + remote + ": " + redact(e.getMessage(), password), e);
        }
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(refName);
            if (update == null) {
                continue;
            }
            RemoteRefUpdate.Status status = update.getStatus();
            if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
                throw new SemException("The remote " + remote + " refused tag " + name + ": " + status
                        + (update.getMessage() == null ? "" : " (" + redact(update.getMessage(), password) + ")"));
            }
        }
    }

    /**
     * Fetches the tags of {@code remote} (as sem-dist does before it suggests a tag), so that the next tag is computed
     * from every release already pushed. Existing local tags are kept; {@code user} and {@code password} as for
     * {@link #push}.
     *
     * @throws SemException when the remote cannot be read; the password never appears
     */
    public static void fetchTags(GitRepo repo, String remote, String user, String password) {
        try {
            var fetch = Git.wrap(repo.repository())
                    .fetch()
                    .setRemote(remote)
                    .setRefSpecs(new RefSpec(Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
                    .setTagOpt(TagOpt.NO_TAGS);
            if (user != null || password != null) {
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                        user == null ? "" : user, password == null ? new char[0] : password.toCharArray()));
            }
            fetch.call();
        } catch (GitAPIException | RuntimeException e) {
            throw new SemException("Cannot fetch the tags of " + remote + ": " + redact(e.getMessage(), password), e);
        }
    }

    private static String redact(String text, String password) {
        if (text == null) {
            return "unknown error";
        }
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }
}
