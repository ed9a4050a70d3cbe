package dev.sem.script;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import dev.sem.SemException;

/**
 * One candidate script: its file name (the key under which it is recorded) and its path. The content is read on first
 * use and then kept; the file is read at most once.
 */
public final class ScriptFile {

    private final String name;
    private final Path path;
    private byte[] bytes;
    private String sha256;

    public ScriptFile(String name, Path path) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The file name, for example {@code 20120503-173242.sql}. */
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /** The file's bytes (a copy). */
    public byte[] bytes() {
        return load().clone();
    }

    /** The lower-case hex SHA-256 of the bytes. */
    public synchronized String sha256() {
        if (sha256 == null) {
            sha256 = Sha256.hex(load());
        }
        return sha256;
    }

    /** The text, decoded strictly (see {@link ScriptText}); {@code charset} {@code null} means UTF-8. */
    public String text(Charset charset) {
        return ScriptText.decode(path.toString(), load(), charset);
    }

    /** The attributes, read from {@link #text(Charset)}. */
    public ScriptAttributes.Attributes attributes(Charset charset, boolean strict) {
        return ScriptAttributes.parse(path.toString(), text(charset), strict);
    }

    private synchronized byte[] load() {
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw SemException.environment("Could not read File[" + path + "]: " + e, e);
            }
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScriptFile other && name.equals(other.name) && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
