package dev.sem.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

import dev.sem.SemException;
import dev.sem.script.Sha256;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Immutability checks: released scripts must not change. For every release tag this reads the blobs of
 * {@code scripts/*.sql} at that tag (one tree walk per tag, each distinct blob hashed once) and compares them with HEAD
 * and the working tree.
 */
public final class ScriptHistory {

    /** Where the changed content was found. */
    public enum Source {
        /** The file in the working tree (what a local apply or package would use). */
        WORKING_TREE,
        /** The file committed at HEAD, when it differs from the working tree. */
        HEAD
    }

    /**
     * A released script whose current content differs from a release.
     *
     * @param name the script's file name
     * @param tag the first release tag (lowest first) whose content differs from the current one
     * @param releasedSha256 the SHA-256 at {@code tag}
     * @param currentSha256 the current SHA-256, or {@code null} when the script was deleted
     * @param source where the current content comes from
     */
    public record ScriptChange(String name, String tag, String releasedSha256, String currentSha256, Source source) {

        public ScriptChange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(releasedSha256, "releasedSha256");
            Objects.requireNonNull(source, "source");
        }

        public boolean deleted() {
            return currentSha256 == null;
        }

        /** A one-line warning naming the file, the tag and both checksums. */
        public String message() {
            String where = source == Source.HEAD ? "HEAD" : "the working tree";
            if (deleted()) {
                return "Script scripts/" + name + " was released in " + tag + " (SHA-256 " + releasedSha256
                        + ") but is deleted in " + where + "; released scripts must stay, restore it";
            }
            return "Script scripts/" + name + " was released in " + tag + " with SHA-256 " + releasedSha256
                    + " but " + where + " has " + currentSha256
                    + "; released scripts must not change, revert it and add a new script instead";
        }
    }

    private ScriptHistory() {}

    /** Opens the repository containing {@code baseDir} and runs {@link #changedSinceRelease(GitRepo, Path)}. */
    public static List<ScriptChange> changedSinceRelease(Path baseDir) {
        try (GitRepo repo = GitRepo.open(baseDir)) {
            return changedSinceRelease(repo, baseDir);
        }
    }

    /**
     * Released scripts of {@code <baseDir>/scripts} whose working-tree or HEAD content differs from an earlier release
     * tag containing them, or that were deleted since. At most one change per script and source: the lowest differing
     * tag. A HEAD change is reported only where HEAD differs from the working tree (otherwise the working-tree entry
     * says it all). Sorted by name, then source. Raw bytes are compared, no line-ending filters.
     */
    public static List<ScriptChange> changedSinceRelease(GitRepo repo, Path baseDir) {
        String scriptsPath = TrackedScripts.scriptsPath(repo, baseDir);
        ReleaseTags tags = new ReleaseTags(repo);
        Map<String, SortedMap<String, ObjectId>> released = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (ReleaseTag tag : tags.all()) {
            SortedMap<String, ObjectId> blobs = TrackedScripts.blobs(repo, tags.commitOf(tag), scriptsPath);
            released.put(tag.name(), blobs);
            names.addAll(blobs.keySet());
        }
        if (names.isEmpty()) {
            return List.of();
        }
        SortedMap<String, ObjectId> head = null;
        if (repo.hasHead()) {
            RevCommit headCommit = repo.commit("HEAD");
            head = TrackedScripts.blobs(repo, headCommit, scriptsPath);
        }
        Path scriptsDir = baseDir.resolve("scripts");
        List<ScriptChange> changes = new ArrayList<>();
        try (ObjectReader reader = repo.repository().newObjectReader()) {
            Map<ObjectId, String> shaOfBlob = new HashMap<>();
            for (String name : names) {
                String working = workingTreeSha(scriptsDir.resolve(name));
                ScriptChange change = firstDifference(name, working, Source.WORKING_TREE, released, shaOfBlob, reader);
                if (change != null) {
                    changes.add(change);
                }
                if (head != null) {
                    ObjectId blob = head.get(name);
                    String headSha = blob == null ? null : sha(blob, shaOfBlob, reader);
                    if (!Objects.equals(headSha, working)) {
                        change = firstDifference(name, headSha, Source.HEAD, released, shaOfBlob, reader);
                        if (change != null) {
                            changes.add(change);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw SemException.environment(
                    "Cannot read the released scripts of " + scriptsPath + ": " + e.getMessage(), e);
        }
        return changes;
    }

    private static ScriptChange firstDifference(
            String name,
            String current,
            Source source,
            Map<String, SortedMap<String, ObjectId>> released,
            Map<ObjectId, String> shaOfBlob,
            ObjectReader reader)
            throws IOException {
        for (Map.Entry<String, SortedMap<String, ObjectId>> tag : released.entrySet()) {
            ObjectId blob = tag.getValue().get(name);
            if (blob == null) {
                continue;
            }
            String releasedSha = sha(blob, shaOfBlob, reader);
            if (!releasedSha.equals(current)) {
                return new ScriptChange(name, tag.getKey(), releasedSha, current, source);
            }
        }
        return null;
    }

    private static String sha(ObjectId blob, Map<ObjectId, String> cache, ObjectReader reader) throws IOException {
        String sha = cache.get(blob);
        if (sha == null) {
            sha = Sha256.hex(reader.open(blob).getBytes());
            cache.put(blob.copy(), sha);
        }
        return sha;
    }

    private static String workingTreeSha(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return Sha256.hex(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
