package dev.sem.pkg;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the paths of a single-file deploy (pgpm {@code -f}, spec §8, defects 25 and 31): each path is taken
 * relative to the package root (an absolute path must lie inside it), normalised, and must name a file the package
 * collected, i.e. a non-empty {@code .sql} file under a category folder. Every path that does not is reported in one
 * error before anything runs.
 */
final class FileSelection {

    private FileSelection() {}

    static List<PackageFile> select(LoadedPackage pkg, List<String> requested) {
        if (requested.isEmpty()) {
            throw new PackageException("No file was requested for a single-file deploy; name files relative to the"
                    + " package root, such as functions/my_function.sql");
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        pkg.files().forEach(f -> known.add(f.path()));
        for (String text : requested) {
            String identity = identity(pkg.root(), text);
            if (identity != null && known.contains(identity)) {
                wanted.add(identity);
            } else {
                problems.add("'" + text + "' (" + reason(pkg, text, identity) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new PackageException("Cannot deploy the requested files, nothing was deployed: "
                    + String.join("; ", problems) + "; name files by their path relative to the package root "
                    + pkg.root());
        }
        return pkg.files().stream().filter(f -> wanted.contains(f.path())).toList();
    }

    /** The relative path with {@code /} of a requested path inside the root, or null when it lies outside. */
    private static String identity(Path root, String text) {
        if (text.isBlank()) {
            return null;
        }
        Path path;
        try {
            path = root.getFileSystem().getPath(text);
        } catch (InvalidPathException e) {
            return null;
        }
        Path absolute = (path.isAbsolute() ? path : root.resolve(path)).normalize();
        if (!absolute.startsWith(root) || absolute.equals(root)) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        root.relativize(absolute).forEach(p -> segments.add(p.toString()));
        return String.join("/", segments);
    }

    private static String reason(LoadedPackage pkg, String text, String identity) {
        if (identity == null) {
            return text.isBlank() ? "an empty path" : "not a path inside the package root";
        }
        Path file = pkg.root().resolve(identity);
        String name = file.getFileName().toString();
        if (!Files.exists(file)) {
            return "no such file" + suggestion(pkg, name);
        }
        if (Files.isDirectory(file)) {
            return "a directory; name the files in it";
        }
        String folder = categoryFolder(pkg, identity);
        if (folder == null) {
            return "not in a folder of " + folderList(pkg) + suggestion(pkg, name);
        }
        if (!name.endsWith(".sql")) {
            return "not a .sql file";
        }
        if (name.startsWith(".") || identity.contains("/.")) {
            return "a hidden file, which packages skip";
        }
        return "an empty file, which packages skip";
    }

    private static String suggestion(LoadedPackage pkg, String name) {
        List<String> same = pkg.files().stream()
                .map(PackageFile::path)
                .filter(p -> p.equals(name) || p.endsWith("/" + name))
                .toList();
        if (same.size() == 1) {
            return "; did you mean '" + same.get(0) + "'?";
        }
        return same.isEmpty() ? "" : "; files of that name: " + String.join(", ", same);
    }

    private static String categoryFolder(LoadedPackage pkg, String identity) {
        Path file = pkg.root().resolve(identity).normalize();
        for (Map.Entry<Category, List<String>> e : pkg.descriptor().paths().entrySet()) {
            for (String folder : e.getValue()) {
                if (file.startsWith(pkg.root().resolve(folder).normalize())) {
                    return folder;
                }
            }
        }
        return null;
    }

    private static String folderList(LoadedPackage pkg) {
        List<String> folders = new ArrayList<>();
        pkg.descriptor().paths().forEach((c, list) -> list.forEach(f -> folders.add(c.key() + " '" + f + "'")));
        return folders.isEmpty() ? "any category (config.json names none)" : String.join(", ", folders);
    }
}
