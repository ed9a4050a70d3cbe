package dev.sem.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds package directories and tarballs for tests. */
final class PackageTree {

    /** A minimal valid descriptor body (without braces) to extend. */
    static final String BASE = "\"name\": \"shop\", \"subclass\": \"versioned\", \"version\": \"1_0_0\"";

    private final Path root;

    PackageTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Writes {@code config.json} as {@code {BASE, extra}}. */
    PackageTree config(String extra) {
        return file("config.json", "{" + BASE + (extra.isEmpty() ? "" : ", " + extra) + "}");
    }

    /** Writes {@code config.json} verbatim. */
    PackageTree rawConfig(String json) {
        return file("config.json", json);
    }

    PackageTree file(String path, String content) {
        return bytes(path, content.getBytes(StandardCharsets.UTF_8));
    }

    PackageTree bytes(String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    PackageTree dir(String path) {
        try {
            Files.createDirectories(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LoadedPackage load() {
        return PackageLoader.load(root);
    }

    /** Packs the tree into {@code tarGz}, every entry under {@code prefix} (empty for the top level). */
    Path tar(Path tarGz, String prefix) throws IOException {
        try (OutputStream out = Files.newOutputStream(tarGz);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
                Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(root) || !Files.isRegularFile(p)) {
                    continue;
                }
                String name = prefix + root.relativize(p).toString().replace('\\', '/');
                entry(tar, name, Files.readAllBytes(p));
            }
        }
        return tarGz;
    }

    /** A tarball with the given entries (name, content pairs), names kept verbatim. */
    static Path tarOf(Path tarGz, String... namesAndContents) throws IOException {
        try (OutputStream out = Files.newOutputStream(tarGz);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                entry(tar, namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return tarGz;
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
