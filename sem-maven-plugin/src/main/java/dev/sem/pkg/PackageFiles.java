package dev.sem.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.sem.ContainedFiles;
import dev.sem.SemException;

/**
 * Collects the SQL files of a package (pgpm spec §4 "Ours", §6.3; defects 26, 32, 33, 35, 48).
 *
 * <ul>
 *   <li>Each folder named by a {@code *_path} key must exist, be a directory and lie inside the package root, both
 *       after normalising the path ({@code ..}) and after resolving symbolic links (real paths).
 *   <li>Folders are walked recursively; regular files whose name ends in {@code .sql} are collected. Dot-files and
 *       dot-directories are skipped, and so are empty (0-byte) files, as pgpm does; other files are ignored. Symbolic
 *       links are followed only when their target stays inside the package root. A {@code .sql} name that is not a
 *       regular file (a FIFO, socket, device or broken link) is an error, and is never opened.
 *   <li>A file's identity is its path relative to the package root with {@code /} separators, so files with the same
 *       name in different folders are distinct (defect 32).
 *   <li>Categories come in execution order (§6.3), the folders of one category in the order listed, and the files of
 *       one folder sorted by relative path, segment by segment (defect 35); table scripts compare digit runs
 *       numerically, so {@code 9.sql} comes before {@code 10.sql} (defect 33).
 *   <li>A file reached from two configured folders (nested folders) is an error: it would run twice or in two
 *       categories. Membership is by path-prefix containment, never by substring (defect 26).
 *   <li>Each file is read as it is collected ({@link PackageFile#read}): strict UTF-8 with a leading BOM removed
 *       (defect 48), no psql meta-commands, backslash literals only with the setting declared (defect 49), split into
 *       statements; the SHA-256 is of the bytes as stored.
 * </ul>
 */
final class PackageFiles {

    private final Path root;
    private final Path realRoot;
    private final String standardConformingStrings;
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final Map<Path, String> realFiles = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** The collected files in execution order, and warnings about files that are not collected. */
    record Result(List<PackageFile> files, List<String> warnings) {}

    private PackageFiles(Path root, String standardConformingStrings) {
        this.root = root;
        this.standardConformingStrings = standardConformingStrings;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new PackageException("Cannot read the package root " + root + ": " + e.getMessage());
        }
    }

    /**
     * @param root the package root, absolute and normalised
     * @param paths the descriptor's folders per category
     * @param standardConformingStrings the descriptor's {@code standard_conforming_strings}, or null
     * @return the files in execution order, each read ({@link PackageFile#read})
     */
    static Result collect(Path root, Map<Category, List<String>> paths, String standardConformingStrings) {
        PackageFiles files = new PackageFiles(root, standardConformingStrings);
        List<PackageFile> result = new ArrayList<>();
        for (Category category : Category.values()) {
            for (String folder : paths.getOrDefault(category, List.of())) {
                result.addAll(files.folder(category, folder));
            }
        }
        return new Result(List.copyOf(result), List.copyOf(files.warnings));
    }

    /**
     * Resolves a folder of a {@code *_path} key against the package root and checks that it stays inside.
     *
     * @return the normalised absolute folder
     */
    static Path folder(Path root, String key, String folder) {
        String where = DescriptorReader.FILE + ": key '" + key + "' names '" + folder + "'";
        if (folder.isBlank()) {
            throw new PackageException(where + ", an empty path; name a folder relative to the package root");
        }
        Path relative;
        try {
            relative = root.getFileSystem().getPath(folder);
        } catch (java.nio.file.InvalidPathException e) {
            throw new PackageException(
                    where + ", which is not a valid path; name a folder relative to the package" + " root");
        }
        if (relative.isAbsolute()) {
            throw new PackageException(where + ", an absolute path; name a folder relative to the package root");
        }
        Path dir = root.resolve(relative).normalize();
        if (!dir.startsWith(root)) {
            throw new PackageException(where + ", which lies outside the package root; folders must stay inside"
                    + " the directory of config.json");
        }
        if (!Files.exists(dir)) {
            throw new PackageException(where + ", which does not exist; create the folder or fix the path");
        }
        if (!Files.isDirectory(dir)) {
            throw new PackageException(where + ", which is not a directory; name a folder");
        }
        return dir;
    }

    private List<PackageFile> folder(Category category, String folder) {
        Path dir = folder(root, category.key(), folder);
        if (!realPath(dir).startsWith(realRoot)) {
            throw new PackageException(DescriptorReader.FILE + ": key '" + category.key() + "' names '" + folder
                    + "', a symbolic link to " + realPath(dir) + " outside the package root; copy the folder into"
                    + " the package");
        }
        List<Path> found = new ArrayList<>();
        walk(dir, found, new HashSet<>());
        Comparator<String> order = category == Category.TABLES ? NaturalOrder.PATHS : NaturalOrder.PLAIN_PATHS;
        List<String> relative = found.stream().map(this::identity).sorted(order).toList();
        List<PackageFile> files = new ArrayList<>();
        for (String path : relative) {
            String where = category.key() + " '" + folder + "'";
            String previous = owners.putIfAbsent(path, where);
            if (previous != null) {
                throw new PackageException(path + " is in two configured folders, " + previous + " and " + where
                        + "; a file belongs to one category: do not nest the folders of config.json");
            }
            String same = realFiles.putIfAbsent(realPath(root.resolve(path)), path);
            if (same != null) {
                throw new PackageException(path + " is the same file as " + same + " through a symbolic link; a file"
                        + " belongs to one category: remove the link");
            }
            files.add(read(category, path));
        }
        return files;
    }

    private void walk(Path dir, List<Path> found, Set<Path> visited) {
        if (!visited.add(realPath(dir))) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw SemException.environment("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            boolean directory = Files.isDirectory(child);
            if (!directory && name.endsWith(".sql") && !Files.isRegularFile(child)) {
                ContainedFiles.Checked checked = ContainedFiles.check(realRoot, child);
                throw new PackageException(identity(child) + " " + checked.describe(realRoot)
                        + "; a package file must be a regular file inside the package root: replace or remove it");
            }
            boolean sqlFile = !directory && name.endsWith(".sql");
            if (!directory && !sqlFile) {
                if (Files.isRegularFile(child)) {
                    warnings.add(identity(child) + " is not deployed: only files ending in .sql are (pgpm deployed"
                            + " every file); rename it to .sql or move it out of the package folders");
                }
                continue;
            }
            if (Files.isSymbolicLink(child) && !realPath(child).startsWith(realRoot)) {
                throw new PackageException(identity(child) + " is a symbolic link to " + realPath(child)
                        + " outside the package root; copy it into the package");
            }
            if (directory) {
                walk(child, found, visited);
            } else if (size(child) > 0) {
                found.add(child);
            }
        }
    }

    private PackageFile read(Category category, String path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(root.resolve(path));
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + path + ": " + e.getMessage(), e);
        }
        return PackageFile.read(category, path, bytes, standardConformingStrings);
    }

    /** The identity of a file: its path relative to the package root with {@code /} separators. */
    private String identity(Path file) {
        List<String> segments = new ArrayList<>();
        root.relativize(file).forEach(p -> segments.add(p.toString()));
        return String.join("/", segments);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new PackageException(
                    "Cannot resolve " + path + ": " + e.getMessage() + "; remove the dangling link or fix it");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
