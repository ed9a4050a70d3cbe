package dev.sem;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TempFilesTest {

    @TempDir
    Path tmp;

    @Test
    void deletesATreeDeepestFirstAndAnAbsentOneIsAlreadyGone() throws Exception {
        Path root = tmp.resolve("work");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file.sql"), "select 1;");
        Files.writeString(root.resolve("top.txt"), "x");
        assertThat(TempFiles.deleteTree(root)).isTrue();
        assertThat(root).doesNotExist();
        assertThat(tmp).exists();
        assertThat(TempFiles.deleteTree(root)).isTrue();
        assertThat(TempFiles.deleteTree(null)).isTrue();
    }

    @Test
    void aSymbolicLinkIsRemovedWithoutTouchingWhatItPointsTo() throws Exception {
        Path outside = Files.writeString(tmp.resolve("keep.txt"), "keep");
        Path root = Files.createDirectories(tmp.resolve("work"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThat(TempFiles.deleteTree(root)).isTrue();
        assertThat(outside).hasContent("keep");
    }
}
