package dev.sem.packaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.codehaus.plexus.archiver.ArchiverException;
import org.codehaus.plexus.archiver.tar.TarArchiver;
import org.codehaus.plexus.archiver.tar.TarLongFileMode;
import org.codehaus.plexus.archiver.util.DefaultFileSet;
import org.codehaus.plexus.components.io.resources.AbstractPlexusIoResource;

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
        write(
                target,
                mtime,
                archiver -> archiver.addFileSet(DefaultFileSet.fileSet(stagingDir.toFile())
                        .includeEmptyDirs(true)
                        .usingDefaultExcludes(false)));
    }

    /**
     * Archives files held in memory, without writing them to disk first: the same archive, byte for byte, as
     * {@link #write(Path, Path, Instant)} of a directory holding them (its directories first, then its files, each in
     * path order).
     *
     * @param files the content of each file by its entry name relative to the archive root ({@code a/b/c.sql}); every
     *     parent directory gets an entry of its own
     * @param target the {@code .tar.gz} to write or replace; its directory must exist
     * @param mtime the mtime of every entry
     * @throws IOException when the archive cannot be written (an archiver failure included)
     */
    public static void write(Map<String, byte[]> files, Path target, Instant mtime) throws IOException {
        write(files, Map.of(), target, mtime);
    }

    /**
     * {@link #write(Map, Path, Instant)} with some files read from disk as they are archived (large ones, which are not
     * held in memory).
     *
     * @param onDisk the file holding each entry's content, by entry name
     */
    public static void write(Map<String, byte[]> files, Map<String, Path> onDisk, Path target, Instant mtime)
            throws IOException {
        SortedSet<String> directories = new TreeSet<>();
        SortedMap<String, InMemory> sorted = new TreeMap<>();
        long time = mtime.toEpochMilli();
        Map<String, InMemory> all = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            all.put(e.getKey(), new InMemory(e.getKey(), time, e.getValue()));
        }
        for (Map.Entry<String, Path> e : onDisk.entrySet()) {
            all.put(e.getKey(), new InMemory(e.getKey(), time, e.getValue()));
        }
        for (Map.Entry<String, InMemory> e : all.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")) {
                throw new IllegalArgumentException("Not a relative file name: " + name);
            }
            for (String part : name.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw new IllegalArgumentException("Not a relative file name: " + name);
                }
            }
            sorted.put(name, e.getValue());
            for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                directories.add(name.substring(0, slash));
            }
        }
        write(target, mtime, archiver -> {
            for (String dir : directories) {
                archiver.addResource(new InMemory(dir, time, (byte[]) null), dir, 0755);
            }
            for (Map.Entry<String, InMemory> e : sorted.entrySet()) {
                archiver.addResource(e.getValue(), e.getKey(), 0644);
            }
        });
    }

    /**
     * A file (with content) or a directory (without) that exists only in memory, or a file whose content is read from
     * another file on disk.
     */
    private static final class InMemory extends AbstractPlexusIoResource {
        private final byte[] content;
        private final Path source;

        InMemory(String name, long lastModified, byte[] content) {
            super(name, lastModified, content == null ? 0 : content.length, content != null, content == null, true);
            this.content = content;
            this.source = null;
        }

        InMemory(String name, long lastModified, Path source) throws IOException {
            super(name, lastModified, Files.size(source), true, false, true);
            this.content = null;
            this.source = source;
        }

        @Override
        public InputStream getContents() throws IOException {
            if (source != null) {
                return Files.newInputStream(source);
            }
            return new ByteArrayInputStream(content == null ? new byte[0] : content);
        }

        @Override
        public URL getURL() {
            return null;
        }
    }

    private interface Entries {
        void addTo(TarArchiver archiver);
    }

    private static void write(Path target, Instant mtime, Entries entries) throws IOException {
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
            entries.addTo(archiver);
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
