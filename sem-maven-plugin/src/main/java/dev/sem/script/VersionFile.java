package dev.sem.script;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.sem.ContainedFiles;
import dev.sem.SemException;

/** The {@code VERSION} file of a distribution or base directory (§8). */
public final class VersionFile {

    /** The file name, at the root of the base directory. */
    public static final String NAME = "VERSION";

    public static final int MAX_LENGTH = 100;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._+-]*");

    private VersionFile() {}

    /**
     * Reads {@code baseDir/VERSION}: surrounding whitespace stripped; absent or blank means nothing to record.
     * Does not validate; call {@link #validate(String)} on a present value.
     *
     * @throws SemException when {@code VERSION} is not a regular file inside {@code baseDir} (a directory, a device, a
     *     link leaving it), or not UTF-8
     */
    public static Optional<String> read(Path baseDir) {
        Path file = baseDir.resolve(NAME);
        Path root = ContainedFiles.realRoot(baseDir);
        ContainedFiles.Checked checked = ContainedFiles.check(root, file);
        switch (checked.problem()) {
            case NONE -> {}
            case MISSING -> {
                return Optional.empty();
            }
            case DIRECTORY ->
                throw new SemException("File[" + file + "] is a directory; VERSION must be a file holding the version");
            default ->
                throw new SemException("File[" + file + "] " + checked.describe(root)
                        + "; VERSION must be a regular file inside the base directory holding the version");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (MalformedInputException e) {
            throw new SemException(
                    "File[" + file + "] is not valid UTF-8; it must hold only the version, such as 1.2.3");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new SemException("File[" + file + "] is a directory; VERSION must be a file holding the version");
            }
            throw SemException.environment("Could not read File[" + file + "]: " + e, e);
        }
        String version = ScriptAttributes.rubyStrip(text);
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    /**
     * Checks a version (or tag) with sem (Ruby)'s rules and messages.
     *
     * @return {@code version}, unchanged
     * @throws SemException {@code Version cannot be blank}, {@code Version '<v>' is <n> chars; max 100}, or
     *     {@code Version '<v>' is invalid; only letters, digits, and . _ + - are allowed}
     */
    public static String validate(String version) {
        if (version == null || ScriptAttributes.rubyStrip(version).isEmpty()) {
            throw new SemException("Version cannot be blank");
        }
        int length = version.codePointCount(0, version.length());
        if (length > MAX_LENGTH) {
            throw new SemException("Version '" + version + "' is " + length + " chars; max " + MAX_LENGTH);
        }
        if (!ALLOWED.matcher(version).matches()) {
            throw new SemException(
                    "Version '" + version + "' is invalid; only letters, digits, and . _ + - are allowed");
        }
        return version;
    }
}
