package dev.sem.git;

import java.io.IOException;
import java.nio.file.Path;

import dev.sem.ContainedFiles;
import dev.sem.SemException;
import org.eclipse.jgit.errors.NoWorkTreeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** An open git repository with a work tree, found from any directory inside it. Close it after use. */
public final class GitRepo implements AutoCloseable {

    private final Repository repository;
    private final Path workTree;

    private GitRepo(Repository repository, Path workTree) {
        this.repository = repository;
        this.workTree = workTree;
    }

    /**
     * Opens the repository whose work tree contains {@code anyDirInsideWorkTree}, searching upwards as git does.
     *
     * @throws SemException when the directory is not inside a git work tree (or only inside a bare repository)
     */
    public static GitRepo open(Path anyDirInsideWorkTree) {
        Path start = anyDirInsideWorkTree.toAbsolutePath().normalize();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toFile());
        if (builder.getGitDir() == null) {
            throw notARepository(start);
        }
        Repository repository;
        try {
            repository = builder.setMustExist(true).build();
        } catch (IOException e) {
            throw SemException.environment(
                    "Cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
        try {
            Path workTree = repository.getWorkTree().toPath().toRealPath();
            if (!ContainedFiles.realPathOfExistingPart(start).startsWith(workTree)) {
                repository.close();
                throw notARepository(start);
            }
            return new GitRepo(repository, workTree);
        } catch (NoWorkTreeException e) {
            repository.close();
            throw notARepository(start);
        } catch (IOException e) {
            repository.close();
            throw SemException.environment(
                    "Cannot resolve the work tree of " + builder.getGitDir() + ": " + e.getMessage(), e);
        }
    }

    private static SemException notARepository(Path dir) {
        return new SemException(dir + " is not inside a git work tree; run this in a clone of the schema repository"
                + " (or create one with git init)");
    }

    /** The JGit repository, for operations this class does not wrap. */
    public Repository repository() {
        return repository;
    }

    /** The work tree's root, as a real path. */
    public Path workTree() {
        return workTree;
    }

    /**
     * The path of {@code path} relative to the work tree, with {@code /} separators, as git names it ({@code ""} for
     * the root). The file itself need not exist.
     *
     * @throws SemException when {@code path} is outside the work tree
     */
    public String relativePath(Path path) {
        Path real = ContainedFiles.realPathOfExistingPart(path);
        if (!real.startsWith(workTree)) {
            throw new SemException(path + " is outside the git work tree " + workTree);
        }
        Path rel = workTree.relativize(real);
        StringBuilder out = new StringBuilder();
        for (Path segment : rel) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }

    /**
     * Resolves {@code revision} (a tag, branch, {@code HEAD} or commit id) to its commit.
     *
     * @throws SemException when it does not name a commit
     */
    public RevCommit commit(String revision) {
        try {
            ObjectId id = repository.resolve(revision + "^{commit}");
            if (id == null) {
                throw new SemException("Revision[" + revision + "] not found in " + workTree + ". Check git tag -l");
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.parseCommit(id);
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read revision " + revision + ": " + e.getMessage(), e);
        } catch (RevisionSyntaxException e) {
            throw new SemException("Revision[" + revision + "] is not a valid git revision");
        }
    }

    /** Whether HEAD points at a commit (false in a repository without commits). */
    public boolean hasHead() {
        try {
            return repository.resolve(Constants.HEAD + "^{commit}") != null;
        } catch (IOException e) {
            throw SemException.environment("Cannot read HEAD: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
