package dev.sem.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.sem.SemException;
import dev.sem.script.Script;
import dev.sem.script.ScriptName;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The scripts git tracks at a commit: the top-level regular files of {@code scripts/} that sem would apply (name ends
 * in {@code .sql}, not a dot-file), with their bytes exactly as committed (no line-ending or other filters).
 *
 * <p>{@code baseDir} is the directory holding {@code scripts/}; it defaults to the work tree's root but may be a
 * subdirectory, for a Maven module inside a larger repository.
 */
public final class TrackedScripts {

    private TrackedScripts() {}

    /** The tracked scripts of {@code <work tree>/scripts} at {@code revision}, sorted by name. */
    public static List<Script> at(GitRepo repo, String revision) {
        return at(repo, revision, repo.workTree());
    }

    /** The tracked scripts of {@code <baseDir>/scripts} at {@code revision}, sorted by name. */
    public static List<Script> at(GitRepo repo, String revision, Path baseDir) {
        RevCommit commit = repo.commit(revision);
        SortedMap<String, ObjectId> blobs = blobs(repo, commit, scriptsPath(repo, baseDir));
        List<Script> result = new ArrayList<>();
        try (ObjectReader reader = repo.repository().newObjectReader()) {
            for (Map.Entry<String, ObjectId> e : blobs.entrySet()) {
                result.add(Script.of(e.getKey(), reader.open(e.getValue()).getBytes()));
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read scripts at " + revision + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** {@link #workingTreeDiffers(GitRepo, String, Path)} for {@code <work tree>/scripts}. */
    public static List<String> workingTreeDiffers(GitRepo repo, String revision) {
        return workingTreeDiffers(repo, revision, repo.workTree());
    }

    /**
     * The script names whose working-tree file differs from {@code revision}: content changed (raw bytes), deleted, or
     * a candidate {@code .sql} file that {@code revision} does not track (untracked or added later). Sorted. Packaging
     * refuses a non-empty result unless overridden (§11 #14).
     */
    public static List<String> workingTreeDiffers(GitRepo repo, String revision, Path baseDir) {
        List<Script> tracked = at(repo, revision, baseDir);
        Path scriptsDir = baseDir.resolve("scripts");
        TreeSet<String> differs = new TreeSet<>();
        TreeSet<String> trackedNames = new TreeSet<>();
        for (Script script : tracked) {
            trackedNames.add(script.name());
            Path file = scriptsDir.resolve(script.name());
            try {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || !Arrays.equals(Files.readAllBytes(file), script.bytes())) {
                    differs.add(script.name());
                }
            } catch (NoSuchFileException e) {
                differs.add(script.name());
            } catch (IOException e) {
                throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        for (String name : candidatesOnDisk(scriptsDir)) {
            if (!trackedNames.contains(name)) {
                differs.add(name);
            }
        }
        return List.copyOf(differs);
    }

    /** Candidate script names (regular files) in {@code scriptsDir}, sorted; empty when it does not exist. */
    static TreeSet<String> candidatesOnDisk(Path scriptsDir) {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(scriptsDir)) {
            return names;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(scriptsDir)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (ScriptName.isCandidate(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot list " + scriptsDir + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The path of {@code <baseDir>/scripts} relative to the work tree, as git names it. */
    static String scriptsPath(GitRepo repo, Path baseDir) {
        String base = repo.relativePath(baseDir);
        return base.isEmpty() ? "scripts" : base + "/scripts";
    }

    /**
     * The candidate scripts' blob ids in {@code scriptsPath} at {@code commit}, sorted by name: one walk over that one
     * tree, not recursive.
     */
    static SortedMap<String, ObjectId> blobs(GitRepo repo, RevCommit commit, String scriptsPath) {
        SortedMap<String, ObjectId> result = new TreeMap<>();
        try (TreeWalk dir = TreeWalk.forPath(repo.repository(), scriptsPath, commit.getTree())) {
            if (dir == null || (dir.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_TREE) {
                return result;
            }
            try (TreeWalk walk = new TreeWalk(repo.repository())) {
                walk.addTree(dir.getObjectId(0));
                walk.setRecursive(false);
                while (walk.next()) {
                    String name = walk.getNameString();
                    boolean regularFile = (walk.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
                    if (regularFile && ScriptName.isCandidate(name)) {
                        result.put(name, walk.getObjectId(0));
                    }
                }
            }
        } catch (IOException e) {
            throw SemException.environment(
                    "Cannot read " + scriptsPath + " at " + commit.abbreviate(7).name() + ": " + e.getMessage(), e);
        }
        return result;
    }
}
