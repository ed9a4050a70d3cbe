package dev.sem.git;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The last commits as {@code git log --pretty=format:"%h %ad | %s%d [%an]" --date=short -N} prints them, for
 * {@code CHANGES}.
 *
 * <ul>
 *   <li>{@code %h}: the shortest unique abbreviation of at least 7 hex digits (git's {@code core.abbrev} auto mode may
 *       choose more digits in very large repositories);
 *   <li>{@code %ad} with {@code --date=short}: the author date in the author's own time zone;
 *   <li>{@code %s}: the subject, the first paragraph with its lines joined by spaces;
 *   <li>{@code %d}: {@code " (HEAD -> main, tag: 0.0.2, origin/main)"}: HEAD first ({@code HEAD -> <branch>} when
 *       HEAD's branch points at the commit, plain {@code HEAD} when detached), then the other decorations in descending
 *       order of their full ref names (tags before remote-tracking branches before local branches), as git 2.x does.
 *       Differences from git: only {@code refs/heads}, {@code refs/remotes} and {@code refs/tags} decorate (no
 *       {@code refs/stash}, notes or replace refs, no {@code grafted}), symbolic refs other than HEAD show as plain
 *       names, and {@code log.excludeDecoration} is not read.
 *   <li>{@code %an}: the author name.
 * </ul>
 *
 * Commits are walked like plain {@code git log}: newest commit time first, all parents.
 */
public final class GitLog {

    private GitLog() {}

    /**
     * The newest {@code n} commits reachable from {@code tagOrHead} (a tag, branch, {@code HEAD} or commit id).
     *
     * @throws SemException when the revision does not exist
     */
    public static List<CommitLine> lastCommits(GitRepo repo, String tagOrHead, int n) {
        RevCommit start = repo.commit(tagOrHead);
        List<CommitLine> lines = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo.repository());
                ObjectReader reader = repo.repository().newObjectReader()) {
            Map<ObjectId, List<String>> decorations = decorations(repo, walk);
            walk.markStart(walk.parseCommit(start));
            for (RevCommit commit : walk) {
                if (lines.size() >= n) {
                    break;
                }
                PersonIdent author = commit.getAuthorIdent();
                LocalDate date =
                        author.getWhenAsInstant().atZone(author.getZoneId()).toLocalDate();
                List<String> names = decorations.get(commit.getId());
                String decoration = names == null || names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
                lines.add(new CommitLine(
                        reader.abbreviate(commit, 7).name(),
                        date,
                        commit.getShortMessage(),
                        decoration,
                        author.getName()));
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read the git log of " + tagOrHead + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static Map<ObjectId, List<String>> decorations(GitRepo repo, RevWalk walk) throws IOException {
        Map<ObjectId, List<String>> result = new HashMap<>();
        List<Ref> refs = new ArrayList<>(repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_REFS));
        refs.sort((a, b) -> b.getName().compareTo(a.getName()));
        Ref head = repo.repository().exactRef(Constants.HEAD);
        String headBranch = head != null && head.isSymbolic() ? head.getTarget().getName() : null;
        ObjectId headCommit = head == null || head.getObjectId() == null ? null : peel(walk, head.getObjectId());
        for (Ref ref : refs) {
            String name = ref.getName();
            String label;
            if (name.startsWith(Constants.R_TAGS)) {
                label = "tag: " + name.substring(Constants.R_TAGS.length());
            } else if (name.startsWith(Constants.R_HEADS)) {
                label = name.substring(Constants.R_HEADS.length());
            } else if (name.startsWith(Constants.R_REMOTES)) {
                label = name.substring(Constants.R_REMOTES.length());
            } else {
                continue;
            }
            if (ref.getObjectId() == null || name.equals(headBranch)) {
                continue;
            }
            ObjectId commit = peel(walk, ref.getObjectId());
            if (commit != null) {
                result.computeIfAbsent(commit, k -> new ArrayList<>()).add(label);
            }
        }
        if (headCommit != null) {
            String label = headBranch != null && headBranch.startsWith(Constants.R_HEADS)
                    ? "HEAD -> " + headBranch.substring(Constants.R_HEADS.length())
                    : "HEAD";
            result.computeIfAbsent(headCommit, k -> new ArrayList<>()).add(0, label);
        }
        return result;
    }

    private static ObjectId peel(RevWalk walk, ObjectId id) throws IOException {
        RevObject target = walk.peel(walk.parseAny(id));
        return target instanceof RevCommit ? target.copy() : null;
    }
}
