package dev.sem.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sem.SemException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The release tags of a repository (§2.7 of the compatibility contract): lightweight or annotated tags whose name
 * matches {@link ReleaseTag#PATTERN} and that point (after peeling) at a commit. A snapshot taken when constructed.
 */
public final class ReleaseTags {

    /** What sem suggests when there is no release tag yet. */
    public static final String FIRST = "0.0.1";

    private final GitRepo repo;
    private final Map<ReleaseTag, RevCommit> commits;

    public ReleaseTags(GitRepo repo) {
        this.repo = repo;
        this.commits = load(repo);
    }

    private static Map<ReleaseTag, RevCommit> load(GitRepo repo) {
        List<Map.Entry<ReleaseTag, RevCommit>> found = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo.repository())) {
            for (Ref ref : repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                String name = ref.getName().substring(Constants.R_TAGS.length());
                Optional<ReleaseTag> tag = ReleaseTag.parse(name);
                if (tag.isEmpty() || ref.getObjectId() == null) {
                    continue;
                }
                RevObject target = walk.peel(walk.parseAny(ref.getObjectId()));
                if (target instanceof RevCommit commit) {
                    found.add(Map.entry(tag.get(), commit));
                }
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read the tags of " + repo.workTree() + ": " + e.getMessage(), e);
        }
        found.sort(Map.Entry.comparingByKey());
        Map<ReleaseTag, RevCommit> result = new LinkedHashMap<>();
        found.forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** All release tags, lowest first. */
    public List<ReleaseTag> all() {
        return List.copyOf(commits.keySet());
    }

    /** The commit a release tag points at. */
    public RevCommit commitOf(ReleaseTag tag) {
        RevCommit commit = commits.get(tag);
        if (commit == null) {
            throw new IllegalArgumentException("Not a release tag of this repository: " + tag);
        }
        return commit;
    }

    /** The highest release tag, if any ({@code sem-info tag latest} prints {@code 0.0.0} when there is none). */
    public Optional<ReleaseTag> latest() {
        List<ReleaseTag> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The suggested next tag: the highest with micro + 1, keeping its prefix, or {@value #FIRST}. */
    public String next() {
        return next(ReleaseTag.Component.MICRO);
    }

    /** The suggested next tag for {@code component}, keeping the highest tag's prefix, or {@value #FIRST}. */
    public String next(ReleaseTag.Component component) {
        return latest().map(t -> t.next(component).name()).orElse(FIRST);
    }

    /**
     * Whether a tag of exactly this name exists ({@code refs/tags/<name>}); not a substring test, so {@code 0.0} does not
     * exist when only {@code 0.0.1} does. Any tag counts, release pattern or not.
     */
    public boolean exists(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        try {
            return repo.repository().exactRef(Constants.R_TAGS + name) != null;
        } catch (IOException e) {
            throw SemException.environment("Cannot read tag " + name + ": " + e.getMessage(), e);
        }
    }

    /** The highest release tag pointing at HEAD's commit, if any (for the {@code version.fromGitTag} option). */
    public Optional<ReleaseTag> headTag() {
        ObjectId head;
        try {
            head = repo.repository().resolve(Constants.HEAD + "^{commit}");
        } catch (IOException e) {
            throw SemException.environment("Cannot read HEAD: " + e.getMessage(), e);
        }
        if (head == null) {
            return Optional.empty();
        }
        ReleaseTag best = null;
        for (Map.Entry<ReleaseTag, RevCommit> e : commits.entrySet()) {
            if (e.getValue().getId().equals(head)) {
                best = e.getKey();
            }
        }
        return Optional.ofNullable(best);
    }
}
