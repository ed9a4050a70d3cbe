package dev.sem.packaging;

import java.util.Arrays;
import java.util.Objects;

import dev.sem.script.Sha256;

/**
 * One file of {@code scripts/}: its bare file name (no folder) and its exact bytes, as they are packaged.
 *
 * <p>The array is copied on the way in and out, so an instance is immutable.
 */
public final class ScriptFile implements Comparable<ScriptFile> {

    private final String name;
    private final byte[] content;

    public ScriptFile(String name, byte[] content) {
        this.name = Objects.requireNonNull(name, "name");
        this.content = Objects.requireNonNull(content, "content").clone();
    }

    /** The file name inside {@code scripts/}, for example {@code 20261121-071933.sql}. */
    public String name() {
        return name;
    }

    /** A copy of the file's bytes. */
    public byte[] content() {
        return content.clone();
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public String sha256() {
        return Sha256.hex(content);
    }

    /** Whether sem would apply this file: its name ends in {@code .sql} (lower case) and is not a dot-file. */
    public static boolean isCandidateName(String fileName) {
        return fileName.endsWith(".sql") && !fileName.startsWith(".") && fileName.indexOf('/') < 0;
    }

    /** Orders by name as plain strings, which for conforming names is chronological order. */
    @Override
    public int compareTo(ScriptFile other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScriptFile other && name.equals(other.name) && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "ScriptFile[" + name + ", " + content.length + " bytes]";
    }
}
