package dev.sem.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReproducibleTarTest {

    private static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void filesHeldInMemoryGiveTheSameBytesAsTheSameFilesOnDisk() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        // Unsorted on purpose, with upper and lower case, a dot file, nested folders and a name for a pax header.
        files.put("crm-1.0.0/sem-manifest.json", "{}\n".getBytes(StandardCharsets.UTF_8));
        files.put("crm-1.0.0/scripts/20260101-000002.sql", "select 2;\n".getBytes(StandardCharsets.UTF_8));
        files.put("crm-1.0.0/scripts/.exists", new byte[0]);
        files.put("crm-1.0.0/VERSION", "1.0.0".getBytes(StandardCharsets.UTF_8));
        files.put("crm-1.0.0/CHANGES", "Git Tag: 1.0.0\n".getBytes(StandardCharsets.UTF_8));
        files.put("crm-1.0.0/scripts/20260101-000001.sql", "select 1;\n".getBytes(StandardCharsets.UTF_8));
        files.put("crm-1.0.0/lib/" + "deep/".repeat(30) + "f.sql", "select 3;\n".getBytes(StandardCharsets.UTF_8));
        Path staging = Files.createDirectory(dir.resolve("staging"));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = staging.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }

        Path fromDisk = dir.resolve("disk.tar.gz");
        Path fromMemory = dir.resolve("memory.tar.gz");
        ReproducibleTar.write(staging, fromDisk, MTIME);
        ReproducibleTar.write(files, fromMemory, MTIME);

        assertThat(Files.readAllBytes(fromMemory)).isEqualTo(Files.readAllBytes(fromDisk));
        assertThat(dir.resolve(".memory.tar.gz.part")).doesNotExist();

        // Large scripts are archived from their files, never held: the same archive.
        Map<String, byte[]> inMemory = new LinkedHashMap<>(files);
        Map<String, Path> onDisk = new LinkedHashMap<>();
        for (String name : new String[] {"crm-1.0.0/scripts/20260101-000002.sql", "crm-1.0.0/VERSION"}) {
            inMemory.remove(name);
            onDisk.put(name, staging.resolve(name));
        }
        Path mixed = dir.resolve("mixed.tar.gz");
        ReproducibleTar.write(inMemory, onDisk, mixed, MTIME);
        assertThat(Files.readAllBytes(mixed)).isEqualTo(Files.readAllBytes(fromDisk));
    }

    @Test
    void namesThatAreNotPlainRelativePathsAreRefused() {
        for (String name : new String[] {"../x.sql", "a/../../x.sql", "/etc/x", "a//b", "a/./b", "a/", ""}) {
            assertThatThrownBy(() -> ReproducibleTar.write(Map.of(name, new byte[0]), dir.resolve("x.tar.gz"), MTIME))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(dir.resolve("x.tar.gz")).doesNotExist();
    }
}
