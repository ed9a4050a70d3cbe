package dev.sem.packaging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.sem.SemException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a distribution {@code .tar.gz} safely: ours, and sem (Ruby)'s GNU tar archives (with {@code .exists},
 * subdirectories, non-SQL files, no {@code VERSION} and no manifest).
 *
 * <p>The archive is read twice. The first pass reads every entry to the end (so a truncated or corrupt file is found)
 * and rejects, before anything is written:
 *
 * <ul>
 *   <li>absolute names ({@code /x}, {@code \x}), drive letters ({@code C:x}), backslashes, NUL characters and
 *       {@code ..} segments, so no name can leave the target directory after normalization;
 *   <li>every entry type except regular files and directories: symbolic links, hard links, devices, FIFOs, sparse and
 *       contiguous files;
 *   <li>duplicate files, and a name used both as a file and as a directory;
 *   <li>an entry larger than {@link Limits#maxEntryBytes()}, a total larger than {@link Limits#maxTotalBytes()} or more
 *       than {@link Limits#maxEntries()} entries (a decompression-bomb guard).
 * </ul>
 *
 * The second pass writes the checked entries into the target directory, which must be empty or absent, and never
 * follows or creates a link. File modes and mtimes of the archive are not restored.
 */
public final class DistributionReader {

    /** The default limits: 256 MiB per entry, 1 GiB in total, 100,000 entries. */
    public static final Limits DEFAULT_LIMITS = new Limits(256L << 20, 1L << 30, 100_000);

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    /** Limits on what one archive may unpack to. */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {}

    private record Item(String path, boolean directory, long size) {}

    private DistributionReader() {}

    /** {@link #extract(Path, Path, Limits)} with {@link #DEFAULT_LIMITS}. */
    public static Path extract(Path tarGz, Path targetDir) {
        return extract(tarGz, targetDir, DEFAULT_LIMITS);
    }

    /**
     * Extracts {@code tarGz} into {@code targetDir}, which must be empty or absent.
     *
     * @return the distribution's base directory: the single top-level directory (sem's {@code <artifact>-<tag>/}), or
     *     {@code targetDir} itself when the archive has {@code scripts/} at its root
     * @throws UnsafeArchiveException for an unsafe entry or a limit exceeded; nothing has been written then
     * @throws SemException when the file is missing, truncated, not a gzip'd tar, or has no {@code scripts/}
     */
    public static Path extract(Path tarGz, Path targetDir, Limits limits) {
        Path target = targetDir.toAbsolutePath().normalize();
        List<Item> items = scan(tarGz, limits);
        String baseName = baseDirectory(tarGz, items);
        prepareTarget(target);
        write(tarGz, target, items, limits);
        return baseName == null ? target : target.resolve(baseName);
    }

    /**
     * Extracts every checked entry of {@code tarGz} into {@code targetDir} (empty or absent), with the same safety
     * checks and limits as {@link #extract(Path, Path, Limits)} but without requiring a sem distribution layout; used
     * for other archives such as pgpm package tarballs.
     *
     * @return {@code targetDir}, absolute and normalised
     * @throws UnsafeArchiveException for an unsafe entry or a limit exceeded; nothing has been written then
     */
    public static Path extractAll(Path tarGz, Path targetDir, Limits limits) {
        Path target = targetDir.toAbsolutePath().normalize();
        List<Item> items = scan(tarGz, limits);
        prepareTarget(target);
        write(tarGz, target, items, limits);
        return target;
    }

    private static List<Item> scan(Path tarGz, Limits limits) {
        Map<String, Item> items = new LinkedHashMap<>();
        Set<String> files = new HashSet<>();
        long total = 0;
        try (TarArchiveInputStream tar = open(tarGz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                Item item = check(tarGz, entry, limits);
                if (items.size() >= limits.maxEntries()) {
                    throw new UnsafeArchiveException("Distribution " + tarGz + " has more than " + limits.maxEntries()
                            + " entries; refusing to extract it");
                }
                long size = drain(tar, tarGz, entry.getName(), limits.maxEntryBytes());
                total += size;
                if (total > limits.maxTotalBytes()) {
                    throw new UnsafeArchiveException("Distribution " + tarGz + " unpacks to more than "
                            + limits.maxTotalBytes() + " bytes; refusing to extract it");
                }
                Item previous = items.get(item.path());
                if (previous != null && !(previous.directory() && item.directory())) {
                    throw new UnsafeArchiveException("Distribution " + tarGz + " holds '" + item.path()
                            + "' more than once; refusing to extract an ambiguous archive");
                }
                for (String parent = parentOf(item.path()); parent != null; parent = parentOf(parent)) {
                    if (files.contains(parent)) {
                        throw new UnsafeArchiveException("Distribution " + tarGz + " holds '" + item.path()
                                + "' below the file '" + parent + "'; refusing to extract it");
                    }
                }
                if (!item.directory()) {
                    files.add(item.path());
                }
                items.put(item.path(), new Item(item.path(), item.directory(), size));
            }
        } catch (NoSuchFileException e) {
            throw new SemException("Distribution " + tarGz + " does not exist");
        } catch (IOException e) {
            throw unreadable(tarGz, e);
        }
        for (Item item : items.values()) {
            if (item.directory() && files.contains(item.path())) {
                throw new UnsafeArchiveException("Distribution " + tarGz + " holds '" + item.path()
                        + "' both as a file and as a directory; refusing to extract it");
            }
            for (String parent = parentOf(item.path()); parent != null; parent = parentOf(parent)) {
                if (files.contains(parent)) {
                    throw new UnsafeArchiveException("Distribution " + tarGz + " holds '" + item.path()
                            + "' below the file '" + parent + "'; refusing to extract it");
                }
            }
        }
        if (items.isEmpty()) {
            throw new SemException("Distribution " + tarGz + " is empty; build it again");
        }
        return new ArrayList<>(items.values());
    }

    private static Item check(Path tarGz, TarArchiveEntry entry, Limits limits) {
        String raw = entry.getName();
        String where = "Distribution " + tarGz + ": entry '" + raw + "'";
        byte flag = entry.getLinkFlag();
        boolean directory;
        if (entry.isSymbolicLink()) {
            throw new UnsafeArchiveException(where + " is a symbolic link to '" + entry.getLinkName()
                    + "'; distributions hold only files and directories, refusing to extract it");
        } else if (entry.isLink()) {
            throw new UnsafeArchiveException(where + " is a hard link to '" + entry.getLinkName()
                    + "'; distributions hold only files and directories, refusing to extract it");
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new UnsafeArchiveException(where
                    + " is a device or FIFO; distributions hold only files and directories, refusing to extract it");
        } else if (flag == TarConstants.LF_DIR) {
            directory = true;
        } else if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) {
            directory = false;
        } else {
            throw new UnsafeArchiveException(where + " has tar type '" + (char) flag
                    + "'; distributions hold only files and directories, refusing to extract it");
        }
        if (!directory && raw.endsWith("/")) {
            throw new UnsafeArchiveException(where + " is a file whose name ends in '/'; refusing to extract it");
        }
        if (entry.getSize() > limits.maxEntryBytes()) {
            throw new UnsafeArchiveException(where + " is " + entry.getSize() + " bytes, more than the limit of "
                    + limits.maxEntryBytes() + "; refusing to extract it");
        }
        String path = safeRelativePath(where, raw);
        if (!directory && path.equals(".")) {
            throw new UnsafeArchiveException(where + " is a file named like the archive root; refusing to extract it");
        }
        return new Item(path, directory, 0);
    }

    /**
     * Normalizes an entry name to a relative {@code a/b/c} path, dropping {@code .} segments and a trailing slash, and
     * rejects names that could leave the target directory.
     */
    static String safeRelativePath(String where, String raw) {
        if (raw.isEmpty() || raw.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException(where + " has an empty name or a NUL character; refusing to extract it");
        }
        if (raw.startsWith("/") || raw.startsWith("\\")) {
            throw new UnsafeArchiveException(where + " has an absolute path; refusing to extract it");
        }
        if (DRIVE.matcher(raw).matches()) {
            throw new UnsafeArchiveException(where + " starts with a drive letter; refusing to extract it");
        }
        if (raw.indexOf('\\') >= 0) {
            throw new UnsafeArchiveException(
                    where + " contains a backslash, a path separator on Windows; refusing to extract it");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeArchiveException(where + " has a '..' segment; refusing to extract it");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            return ".";
        }
        return String.join("/", segments);
    }

    private static String baseDirectory(Path tarGz, List<Item> items) {
        Set<String> topLevel = new TreeSet<>();
        boolean rootFiles = false;
        Set<String> directories = new HashSet<>();
        for (Item item : items) {
            if (item.path().equals(".")) {
                continue;
            }
            int slash = item.path().indexOf('/');
            topLevel.add(slash < 0 ? item.path() : item.path().substring(0, slash));
            if (slash < 0 && !item.directory()) {
                rootFiles = true;
            }
            if (item.directory()) {
                directories.add(item.path());
            }
            for (String parent = parentOf(item.path()); parent != null; parent = parentOf(parent)) {
                directories.add(parent);
            }
        }
        if (directories.contains("scripts")) {
            return null;
        }
        if (topLevel.size() == 1 && !rootFiles) {
            String base = topLevel.iterator().next();
            if (directories.contains(base + "/scripts")) {
                return base;
            }
            throw new SemException(
                    "Distribution " + tarGz + " has no " + base + "/scripts/ directory; it is not a sem distribution");
        }
        throw new SemException("Distribution " + tarGz + " has no scripts/ directory, neither at its root nor in a"
                + " single top-level directory (found " + topLevel + "); it is not a sem distribution");
    }

    private static void prepareTarget(Path target) {
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SemException("Cannot extract into " + target + ": it is not a directory");
                }
                try (Stream<Path> children = Files.list(target)) {
                    if (children.findAny().isPresent()) {
                        throw new SemException(
                                "Cannot extract into " + target + ": the directory is not empty; remove its content");
                    }
                }
            } else {
                Files.createDirectories(target);
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path tarGz, Path target, List<Item> items, Limits limits) {
        Map<String, Item> expected = new LinkedHashMap<>();
        items.forEach(i -> expected.put(i.path(), i));
        try (TarArchiveInputStream tar = open(tarGz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                Item item = check(tarGz, entry, limits);
                Item scanned = expected.get(item.path());
                if (scanned == null || scanned.directory() != item.directory()) {
                    throw new SemException("Distribution " + tarGz + " changed while it was extracted; try again");
                }
                Path out = target.resolve(item.path()).normalize();
                if (!out.startsWith(target)) {
                    throw new UnsafeArchiveException("Distribution " + tarGz + ": entry '" + entry.getName()
                            + "' resolves outside " + target + "; refusing to extract it");
                }
                if (item.directory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(
                            out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        copyLimited(tar, os, tarGz, entry.getName(), limits.maxEntryBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw SemException.environment(
                    "Cannot extract distribution " + tarGz + " into " + target + ": " + e.getMessage(), e);
        }
    }

    private static TarArchiveInputStream open(Path tarGz) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(tarGz));
        try {
            return new TarArchiveInputStream(
                    GzipCompressorInputStream.builder()
                            .setInputStream(file)
                            .setDecompressConcatenated(true)
                            .get(),
                    "UTF-8");
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static long drain(InputStream in, Path tarGz, String name, long max) throws IOException {
        return copyLimited(in, OutputStream.nullOutputStream(), tarGz, name, max);
    }

    private static long copyLimited(InputStream in, OutputStream out, Path tarGz, String name, long max)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                throw new UnsafeArchiveException("Distribution " + tarGz + ": entry '" + name
                        + "' is more than the limit of " + max + " bytes; refusing to extract it");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static SemException unreadable(Path tarGz, IOException e) {
        String reason = e instanceof java.io.EOFException || e.getMessage() == null
                ? "it ends unexpectedly"
                : e.getMessage().replaceAll("[.\\s]+$", "");
        return new SemException(
                "Cannot read distribution " + tarGz + ": " + reason
                        + "; the file is truncated, corrupt or not a .tar.gz, download or build it again",
                e);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }
}
