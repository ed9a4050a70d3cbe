package dev.sem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Work directories sem creates and removes: staging, extraction and data directories. */
public final class TempFiles {

    private TempFiles() {}

    /**
     * Deletes a directory tree (or a file), deepest entries first, if present. Best effort: what cannot be deleted is
     * left behind, because a leftover temporary directory never makes a result wrong.
     *
     * @return whether nothing is left
     */
    public static boolean deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return true;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return false;
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort, as documented
            }
        }
        return !Files.exists(root);
    }
}
