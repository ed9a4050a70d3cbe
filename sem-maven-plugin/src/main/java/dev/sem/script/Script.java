package dev.sem.script;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.sem.sql.ParsedScript;
import dev.sem.sql.SqlStatement;

/**
 * One loaded script: its file name (the key under which it is recorded), its exact bytes and their SHA-256 and, once
 * {@link ScriptReader} has read it, its decoded text, attributes, statements, statement hashes and normalized hash.
 *
 * <p>A script that was only loaded (from a file, a git tree or an archive) is enough for packaging and for comparing
 * checksums; running, validating and linting need a read one ({@link #isRead()}). Instances are immutable.
 */
public final class Script implements Comparable<Script> {

    private final String name;
    private final byte[] bytes;
    private final String sha256;
    private final Content content;

    /**
     * What reading adds.
     *
     * @param text the decoded file (byte order mark dropped)
     * @param attributes the {@code sem.attribute} lines
     * @param parsed the statements and psql meta-commands, variables interpolated
     * @param statementHashes SHA-256 of each statement's SQL, in order
     * @param normalizedSha256 SHA-256 of the normalized token stream
     * @param executor who runs the script; a {@link Executor#PSQL} script is not split (psql reads the file), so
     *     {@code parsed} and {@code statementHashes} are empty
     */
    record Content(
            String text,
            ScriptAttributes.Attributes attributes,
            ParsedScript parsed,
            List<String> statementHashes,
            String normalizedSha256,
            Executor executor) {}

    private Script(String name, byte[] bytes, Content content) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.sha256 = Sha256.hex(bytes);
        this.content = content;
    }

    /** A loaded, not yet read script (the array is copied). */
    public static Script of(String name, byte[] bytes) {
        return new Script(name, bytes.clone(), null);
    }

    Script withContent(Content read) {
        return new Script(name, bytes, Objects.requireNonNull(read, "read"));
    }

    /** The file name, for example {@code 20120503-173242.sql}. */
    public String name() {
        return name;
    }

    /** The path shown in messages and findings, {@code ./scripts/<name>}. */
    public String displayPath() {
        return displayPath(name);
    }

    /** The path shown in messages for a script name. */
    public static String displayPath(String name) {
        return "./" + ScriptSet.SCRIPTS_DIR + "/" + name;
    }

    /** A copy of the file's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The lower-case hex SHA-256 of the bytes. */
    public String sha256() {
        return sha256;
    }

    /**
     * Whether the file holds a backslash byte (0x5C): in an encoding that writes a backslash as that byte, a file
     * without one has no psql meta-command ({@code \i}, {@code \set}, ...), so include checks skip it unread.
     */
    public boolean hasBackslash() {
        for (byte b : bytes) {
            if (b == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@link ScriptReader} has read this script (text, attributes and statements are available). */
    public boolean isRead() {
        return content != null;
    }

    private Content readContent() {
        if (content == null) {
            throw new IllegalStateException(name + " was loaded but not read; use ScriptReader.read");
        }
        return content;
    }

    /** The decoded text. */
    public String text() {
        return readContent().text();
    }

    public ScriptAttributes.Attributes attributes() {
        return readContent().attributes();
    }

    /** The {@code transaction} attribute. */
    public TransactionMode mode() {
        return readContent().attributes().mode();
    }

    /** Who runs the script: the built-in executor, or psql ({@code -- sem.executor = psql}). */
    public Executor executor() {
        return readContent().executor();
    }

    /** Whether the script is handed to psql ({@code -- sem.executor = psql}) instead of being split by sem. */
    public boolean runsWithPsql() {
        return executor() == Executor.PSQL;
    }

    /** The statements and echoes, as they run (none for a script that {@link #runsWithPsql()}). */
    public ParsedScript parsed() {
        return readContent().parsed();
    }

    /** The SQL statements, without the echoes. */
    public List<SqlStatement> statements() {
        return readContent().parsed().statements();
    }

    /** SHA-256 of each statement's SQL, in order (for resume checks). */
    public List<String> statementHashes() {
        return readContent().statementHashes();
    }

    /** SHA-256 of the normalized token stream (formatting-tolerant checksum). */
    public String normalizedSha256() {
        return readContent().normalizedSha256();
    }

    /** Orders by name as plain strings, which for conforming names is chronological order. */
    @Override
    public int compareTo(Script other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Script other && name.equals(other.name) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Script[" + name + ", " + bytes.length + " bytes]";
    }
}
