package dev.sem.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.sem.SemException;
import dev.sem.sql.Elided;
import dev.sem.sql.FileStamp;
import dev.sem.sql.ParsedScript;
import dev.sem.sql.SqlStatement;

/**
 * One loaded script: its file name (the key under which it is recorded), its exact bytes and their SHA-256 and, once
 * {@link ScriptReader} has read it, its decoded text, attributes, statements, statement hashes and normalized hash.
 *
 * <p>A script that was only loaded (from a file, a git tree or an archive) is enough for packaging and for comparing
 * checksums; running, validating and linting need a read one ({@link #isRead()}). Instances are immutable.
 *
 * <p>A large script file ({@link #ofFile}) is not held in memory: its checksum is computed while streaming it, reading
 * streams it again ({@link ScriptReader}), and the data of its {@code COPY ... FROM STDIN} blocks stays in the file
 * until it is sent to the server.
 */
public final class Script implements Comparable<Script> {

    private final String name;
    /** The bytes, or {@code null} for a script that stays in its {@link #file}. */
    private final byte[] bytes;

    private final Path file;
    private final FileStamp stamp;
    private final long size;
    private final Later sha256;
    private final boolean hasBackslash;
    private final Content content;
    /**
     * For a script in its {@link #file}: the last {@link Elided} made of it and the encoding it was made with (reading
     * and the include check before it need the same one; it does not depend on anything else).
     */
    private volatile Object[] elided;

    /**
     * What reading adds.
     *
     * @param text the decoded file (byte order mark dropped); for a script read from its {@link #file()}, without the
     *     data lines of the COPY blocks that stay in the file (the {@code \\.} lines are kept)
     * @param attributes the {@code sem.attribute} lines
     * @param parsed the statements and psql meta-commands, variables interpolated
     * @param statementHashes SHA-256 of each statement's SQL, in order
     * @param normalizedSha256 SHA-256 of the normalized token stream (of a large script: computed on a thread of its
     *     own while the script is used)
     * @param executor who runs the script; a {@link Executor#PSQL} script is not split (psql reads the file), so
     *     {@code parsed} and {@code statementHashes} are empty
     */
    record Content(
            String text,
            ScriptAttributes.Attributes attributes,
            ParsedScript parsed,
            List<String> statementHashes,
            Later normalizedSha256,
            Executor executor) {}

    private Script(
            String name,
            byte[] bytes,
            Path file,
            FileStamp stamp,
            Later sha256,
            boolean hasBackslash,
            Content content) {
        this.name = Objects.requireNonNull(name, "name");
        this.stamp = stamp;
        this.bytes = bytes;
        this.file = file;
        this.size = bytes != null ? bytes.length : stamp.size();
        this.sha256 = sha256;
        this.hasBackslash = hasBackslash;
        this.content = content;
    }

    /** A loaded, not yet read script (the array is copied). */
    public static Script of(String name, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Script(
                name, copy, null, null, Later.of(Sha256.hex(copy)), indexOfBackslash(copy, copy.length) >= 0, null);
    }

    /**
     * A loaded, not yet read script that stays in {@code file}: its checksum is computed by streaming it once, and
     * nothing of it is kept in memory. The file must not change while the script is in use.
     */
    public static Script ofFile(String name, Path file) {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
        // The checksum is computed on a thread of its own while the script is split; sha256() waits for it. The
        // include check reads the lines that reading needs anyway (see elided), so a backslash is taken to be there.
        return new Script(name, null, file, stamp, Later.compute(() -> sha256(file, stamp)), true, null);
    }

    /**
     * Checks that a script that stays in its {@link #file()} is still the file that was loaded.
     *
     * @throws SemException when it changed
     */
    public void checkUnchanged() {
        if (file != null) {
            stamp.check(file);
        }
    }

    /** The file as it was loaded, or {@code null} for a script in memory. */
    public FileStamp stamp() {
        return stamp;
    }

    private static String sha256(Path file, FileStamp stamp) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
        stamp.check(file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's lines without its COPY data in {@code charset}, made by {@code make} once. */
    Elided elided(Charset charset, Supplier<Elided> make) {
        Object[] memo = elided;
        if (memo != null && memo[0].equals(charset)) {
            return (Elided) memo[1];
        }
        Elided made = make.get();
        if (made != null) {
            elided = new Object[] {charset, made};
        }
        return made;
    }

    Script withContent(Content read) {
        return new Script(name, bytes, file, stamp, sha256, hasBackslash, Objects.requireNonNull(read, "read"));
    }

    private static int indexOfBackslash(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    /** The file this script stays in ({@link #ofFile}), or {@code null} when its bytes are in memory. */
    public Path file() {
        return file;
    }

    /** The size of the script in bytes. */
    public long size() {
        return size;
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

    /**
     * A copy of the file's bytes; for a script that stays in its {@link #file()}, the file is read (prefer streaming
     * the file to calling this for one that may be large).
     */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes.clone();
        }
        try {
            byte[] read = Files.readAllBytes(file);
            if (!Sha256.hex(read).equals(sha256())) {
                throw new SemException("File[" + file + "] changed while sem was using it; run sem again");
            }
            return read;
        } catch (IOException e) {
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
    }

    /** The lower-case hex SHA-256 of the bytes. */
    public String sha256() {
        return sha256.get();
    }

    /**
     * Whether the file holds a backslash byte (0x5C): in an encoding that writes a backslash as that byte, a file
     * without one has no psql meta-command ({@code \i}, {@code \set}, ...), so include checks skip it unread.
     */
    public boolean hasBackslash() {
        return hasBackslash;
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
        return readContent().normalizedSha256().get();
    }

    /** Orders by name as plain strings, which for conforming names is chronological order. */
    @Override
    public int compareTo(Script other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Script other && name.equals(other.name) && sha256().equals(other.sha256());
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + sha256().hashCode();
    }

    @Override
    public String toString() {
        return "Script[" + name + ", " + size + " bytes]";
    }
}
