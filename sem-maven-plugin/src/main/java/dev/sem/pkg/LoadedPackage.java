package dev.sem.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * A package read from disk and validated before any connection: its descriptor, its files in collection order (by
 * category in execution order, then by relative path; table scripts in natural order) and the warnings to show.
 *
 * @param root the package root (the directory of {@code config.json})
 * @param descriptor the validated descriptor
 * @param files every SQL file of every category, in execution order
 * @param warnings deprecation and unknown-key warnings, each a complete line naming the file and key
 */
public record LoadedPackage(Path root, PackageDescriptor descriptor, List<PackageFile> files, List<String> warnings) {

    /** The files of one category, in execution order. */
    public List<PackageFile> files(Category category) {
        return files.stream().filter(f -> f.category() == category).toList();
    }

    /**
     * The files of a single-file deploy (pgpm {@code -f}, spec §8), in execution order.
     *
     * @param requested paths relative to the package root (or absolute paths inside it), as the user typed them
     * @return the matching files, each once, with the same identity as in a full deploy
     * @throws PackageException listing every path that is missing, outside the root or not under a category folder
     *     (with the right relative path when a file of that name exists), before anything runs
     */
    public List<PackageFile> select(List<String> requested) {
        return FileSelection.select(this, requested);
    }
}
