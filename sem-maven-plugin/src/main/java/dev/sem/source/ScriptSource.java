package dev.sem.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.ContainedFiles;
import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.TempFiles;
import dev.sem.packaging.DistributionReader;

/**
 * Where the scripts of a run come from: a base directory containing {@code scripts/} (a schema repository or an
 * unpacked distribution), or a distribution tarball, unpacked safely into a private temporary directory that is
 * deleted on {@link #close()}.
 */
public final class ScriptSource implements AutoCloseable {

    private final Path baseDir;
    private final Path tempDir;
    private final String artifact;

    private ScriptSource(Path baseDir, Path tempDir, String artifact) {
        this.baseDir = baseDir;
        this.tempDir = tempDir;
        this.artifact = artifact;
    }

    /** A directory that contains {@code scripts/}. */
    public static ScriptSource directory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SemException(Message.text("Dir[" + dir + "] does not exist: give ")
                    .then(Option.DIR)
                    .then(" a directory containing scripts/"));
        }
        return new ScriptSource(dir.toAbsolutePath().normalize(), null, null);
    }

    /** A distribution tarball given as a file. */
    public static ScriptSource tarball(Path tarGz) {
        return tarball(tarGz, null);
    }

    /** A distribution tarball, resolved from {@code artifact} coordinates when not null. */
    public static ScriptSource tarball(Path tarGz, String artifact) {
        ContainedFiles.Checked checked = ContainedFiles.checkRegular(tarGz);
        if (checked.problem() == ContainedFiles.Problem.MISSING) {
            throw new SemException(Message.text("File[" + tarGz + "] could not be found: give ")
                    .then(Option.TARBALL)
                    .then(" a .tar.gz distribution"));
        }
        if (!checked.ok()) {
            throw new SemException(Message.text("File[" + tarGz + "] " + checked.describe(tarGz) + ": give ")
                    .then(Option.TARBALL)
                    .then(" a .tar.gz distribution"));
        }
        Path temp;
        try {
            temp = Files.createTempDirectory("sem-dist-");
        } catch (IOException e) {
            throw SemException.environment("Could not create a temporary directory: " + e.getMessage(), e);
        }
        try {
            Path base = DistributionReader.extract(tarGz, temp);
            return new ScriptSource(base, temp, artifact);
        } catch (RuntimeException e) {
            TempFiles.deleteTree(temp);
            throw e;
        }
    }

    /** The directory that contains {@code scripts/} (and {@code VERSION}, when present). */
    public Path baseDir() {
        return baseDir;
    }

    /** The coordinates the distribution was resolved from, or null. */
    public String artifact() {
        return artifact;
    }

    @Override
    public void close() {
        if (tempDir != null) {
            TempFiles.deleteTree(tempDir);
        }
    }
}
