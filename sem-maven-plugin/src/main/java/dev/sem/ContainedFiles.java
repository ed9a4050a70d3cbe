package dev.sem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks a file that a distribution, a package or a configuration names, before it is read: it must lie inside its
 * root after resolving {@code ..} and symbolic links (the real paths of both), and be a regular file, so that nothing
 * outside the root is read and a directory, FIFO, socket or device (such as {@code /dev/zero}) is never opened. The
 * same rules as the tarball reader's ({@link dev.sem.packaging.DistributionReader}), except that a symbolic link whose
 * target stays inside the root is followed, as a link in a working copy is a file of it.
 */
public final class ContainedFiles {

    private ContainedFiles() {}

    /** What is wrong with a file, if anything. */
    public enum Problem {
        /** It is a regular file inside the root (possibly through a link). */
        NONE,
        /** Neither the file nor a link of that name exists, and it would lie inside the root. */
        MISSING,
        /** It is a symbolic link whose target does not exist. */
        BROKEN_LINK,
        /** Its real path lies outside the root (for a missing file: where it would be). */
        OUTSIDE,
        /** It is a directory. */
        DIRECTORY,
        /** It is a FIFO, socket or device. */
        SPECIAL
    }

    /**
     * The outcome of {@link #check(Path, Path)}.
     *
     * @param problem what is wrong, or {@link Problem#NONE}
     * @param real the file's real path when it could be resolved, else the path as given
     */
    public record Checked(Problem problem, Path real) {

        /** Whether the file may be read. */
        public boolean ok() {
            return problem == Problem.NONE;
        }

        /**
         * The problem as a phrase to follow the file's name, such as {@code "lies outside /repo (it is /etc/hostname)"};
         * empty for {@link Problem#NONE}.
         */
        public String describe(Path root) {
            return switch (problem) {
                case NONE -> "";
                case MISSING -> "does not exist";
                case BROKEN_LINK -> "is a symbolic link whose target does not exist";
                case OUTSIDE -> "lies outside " + root + " (it resolves to " + real + ")";
                case DIRECTORY -> "is a directory, not a file";
                case SPECIAL -> "is a FIFO, socket or device, not a regular file; refusing to read it";
            };
        }
    }

    /**
     * The real path of a root directory.
     *
     * @throws SemException when it cannot be resolved (it does not exist)
     */
    public static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new SemException("Dir[" + root + "] cannot be resolved: " + e.getMessage() + "; check the path");
        }
    }

    /**
     * Checks {@code file} against {@code realRoot} without reading it.
     *
     * @param realRoot the root's real path ({@link #realRoot(Path)})
     */
    public static Checked check(Path realRoot, Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path where = realPathOfExistingPart(file);
            return new Checked(where.startsWith(realRoot) ? Problem.MISSING : Problem.OUTSIDE, where);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return new Checked(Problem.BROKEN_LINK, file);
        }
        if (!real.startsWith(realRoot)) {
            return new Checked(Problem.OUTSIDE, real);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new Checked(Problem.MISSING, real);
        }
        if (attributes.isDirectory()) {
            return new Checked(Problem.DIRECTORY, real);
        }
        if (!attributes.isRegularFile()) {
            return new Checked(Problem.SPECIAL, real);
        }
        return new Checked(Problem.NONE, real);
    }

    /**
     * The real path of the longest existing prefix of {@code file} (made absolute and normalized), with the rest of it
     * appended: where a file that may not exist yet would be, with every link on the way resolved.
     */
    public static Path realPathOfExistingPart(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path existing = absolute;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest.toString()).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }

    /**
     * Checks that a file the user named directly (not through a root), such as a targets file, is a regular file,
     * following links.
     *
     * @return {@link Problem#NONE}, {@link Problem#MISSING}, {@link Problem#BROKEN_LINK}, {@link Problem#DIRECTORY}
     *     or {@link Problem#SPECIAL}
     */
    public static Checked checkRegular(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Checked(Problem.MISSING, file);
        }
        if (!Files.exists(file)) {
            return new Checked(Problem.BROKEN_LINK, file);
        }
        if (Files.isDirectory(file)) {
            return new Checked(Problem.DIRECTORY, file);
        }
        if (!Files.isRegularFile(file)) {
            return new Checked(Problem.SPECIAL, file);
        }
        return new Checked(Problem.NONE, file);
    }
}
