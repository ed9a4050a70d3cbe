package dev.sem.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Crafts tar.gz archives entry by entry with commons-compress, including hostile ones. */
final class TarFixtures {

    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    TarFixtures dir(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        e.setMode(040775);
        add(e, new byte[0]);
        return this;
    }

    TarFixtures file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TarFixtures file(String name, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        e.setMode(0100664);
        add(e, content);
        return this;
    }

    /** An entry with any type flag; {@code name} is kept verbatim (no normalization of leading slashes). */
    TarFixtures raw(String name, byte linkFlag, String linkName) {
        TarArchiveEntry e = new TarArchiveEntry(name, linkFlag, true);
        if (linkName != null) {
            e.setLinkName(linkName);
        }
        add(e, new byte[0]);
        return this;
    }

    TarFixtures symlink(String name, String target) {
        return raw(name, TarConstants.LF_SYMLINK, target);
    }

    TarFixtures hardlink(String name, String target) {
        return raw(name, TarConstants.LF_LINK, target);
    }

    private void add(TarArchiveEntry e, byte[] content) {
        e.setUserName("jane");
        e.setGroupName("staff");
        e.setUserId(501);
        e.setGroupId(20);
        e.setModTime(1_700_000_000_000L);
        entries.add(e);
        contents.add(content);
    }

    Path writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    static List<TarArchiveEntry> list(Path tarGz) throws IOException {
        List<TarArchiveEntry> result = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tarGz);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                result.add(e);
            }
        }
        return result;
    }
}
