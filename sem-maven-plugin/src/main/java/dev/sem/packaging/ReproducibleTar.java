package dev.sem.packaging;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;

import org.codehaus.plexus.archiver.ArchiverException;
import org.codehaus.plexus.archiver.tar.TarArchiver;
import org.codehaus.plexus.archiver.tar.TarLongFileMode;
import org.codehaus.plexus.archiver.util.DefaultFileSet;

/**
 * Writes a reproducible {@code .tar.gz} of a staging directory's contents: the one place that uses plexus-archiver.
 *
 * <p>plexus-archiver's {@link TarArchiver} with sorted entries (the directories first, then the files, each sorted by
 * full path: plexus-archiver's reproducible order), every mtime set to the given timestamp, uid and gid 0 with empty
 * owner names, mode 0644 for files and 0755 for directories, POSIX (pax) headers only for long names, and a gzip header
 * without file name and with mtime 0. The same staged content and timestamp give a byte-identical file on the same JDK.
 * Empty directories and dot-files are included (no default excludes).
 */
public final class ReproducibleTar {

    private ReproducibleTar() {}

    /**
     * Archives everything below {@code stagingDir} (entry names relative to it) into {@code target}. The archive is
     * written to {@code .<target name>.part} next to {@code target} first and then moved over {@code target},
     * atomically where the file system allows; the partial file is removed on failure.
     *
     * @param stagingDir the directory whose contents become the archive's entries
     * @param target the {@code .tar.gz} to write or replace; its directory must exist
     * @param mtime the mtime of every entry
     * @throws IOException when the archive cannot be written (an archiver failure included)
     */
    public static void write(Path stagingDir, Path target, Instant mtime) throws IOException {
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(mtime, "mtime");
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        Files.deleteIfExists(partial);
        try {
            TarArchiver archiver = new TarArchiver();
            archiver.setDestFile(partial.toFile());
            archiver.setCompression(TarArchiver.TarCompressionMethod.gzip);
            archiver.setLongfile(TarLongFileMode.posix);
            archiver.configureReproducibleBuild(FileTime.from(mtime));
            archiver.setOverrideUserName("");
            archiver.setOverrideGroupName("");
            archiver.setFileMode(0644);
            archiver.setDirectoryMode(0755);
            archiver.addFileSet(DefaultFileSet.fileSet(stagingDir.toFile())
                    .includeEmptyDirs(true)
                    .usingDefaultExcludes(false));
            archiver.createArchive();
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (ArchiverException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover partial file does not make the archive wrong
            }
        }
    }
}
