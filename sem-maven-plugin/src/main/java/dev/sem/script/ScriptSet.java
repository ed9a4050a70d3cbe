package dev.sem.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.sem.ContainedFiles;
import dev.sem.Message;
import dev.sem.SemException;

/**
 * The candidate scripts of a base directory (§4.1): top-level regular files of {@code scripts/} whose name ends in
 * lower-case {@code .sql} and does not start with a dot, sorted by the bytes of the name.
 *
 * <p>A directory gets the tarball reader's safety rules ({@link dev.sem.packaging.DistributionReader}), checked before
 * any script is read: {@code scripts/} must lie inside the base directory, and a candidate may be a symbolic link
 * only to a regular file inside {@code scripts/} (a link leaving it, a broken link, a FIFO, socket or device is an
 * error naming the file). Unlike a tarball, a link that stays inside is followed, as in a working copy.
 *
 * @param scripts the candidates with a valid name (§2.3), in byte order of the name
 * @param invalidNames candidates whose name is not valid, such as {@code foo.sql}, in byte order; the caller aborts
 *     before touching a database when this is not empty (§11 #1), see {@link #invalidNamesMessage()}
 * @param warnings near-miss names that are ignored, such as {@code x.SQL}, {@code x.sql.bak} or conforming names in
 *     subdirectories (§11 #25)
 */
public record ScriptSet(List<Script> scripts, List<String> invalidNames, List<String> warnings) {

    /** The folder name under the base directory; fixed, because sem (Ruby) cannot use another one (§2.1). */
    public static final String SCRIPTS_DIR = "scripts";

    /** Compares names as UTF-8 byte strings, as Ruby sorts strings. */
    public static final Comparator<String> BYTE_ORDER = ScriptSet::compareUtf8;

    /**
     * UTF-8 byte order without encoding: it is code point order, which equals {@code char} order except where a
     * surrogate (a code point above U+FFFF) meets another {@code char}; only then are the bytes compared.
     */
    private static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Arrays.compareUnsigned(
                            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    public ScriptSet {
        scripts = List.copyOf(scripts);
        invalidNames = List.copyOf(invalidNames);
        warnings = List.copyOf(warnings);
    }

    /**
     * Lists the candidates under {@code baseDir/scripts}.
     *
     * @throws SemException when {@code scripts/} does not exist, is not a directory or is a link leaving the base
     *     directory, or when a candidate is a symbolic link leaving {@code scripts/}, a broken link, a FIFO, socket or
     *     device (each named; nothing has been read then); an environment
     *     {@link SemException} when it cannot be read
     */
    public static ScriptSet scan(Path baseDir) {
        Path dir = baseDir.resolve(SCRIPTS_DIR);
        if (!Files.exists(dir) && Files.isRegularFile(baseDir.resolve("config.json"))) {
            throw new SemException("Dir[" + dir + "] does not exist: " + baseDir + " holds config.json, so it is a"
                    + " package, not a schema repository; deploy it with sem:deploy-package");
        }
        if (!Files.exists(dir)) {
            throw new SemException("Dir[" + dir + "] does not exist; run from the directory that contains scripts/"
                    + " (or set the base directory), or create scripts/ with an empty scripts/.exists so git keeps it");
        }
        if (!Files.isDirectory(dir)) {
            throw new SemException("Dir[" + dir + "] is not a directory; scripts/ must be a folder of .sql files");
        }
        Path realBase = ContainedFiles.realRoot(baseDir);
        Path realDir = ContainedFiles.realRoot(dir);
        if (!realDir.startsWith(realBase)) {
            throw new SemException("Dir[" + dir + "] is a symbolic link to " + realDir + ", outside " + realBase
                    + "; scripts are read only from inside the base directory: replace the link with the folder");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.collect(Collectors.toList());
        } catch (IOException e) {
            throw SemException.environment("Could not list Dir[" + dir + "]: " + e, e);
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString(), BYTE_ORDER));

        List<Script> scripts = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!name.startsWith(".") && ScriptName.isCandidate(name)) {
                ContainedFiles.Checked checked = ContainedFiles.check(realDir, entry);
                int before = refused.size();
                switch (checked.problem()) {
                    case OUTSIDE ->
                        refused.add("File[" + entry + "] is a symbolic link to " + checked.real()
                                + ", outside " + realDir + "; scripts are read only from inside scripts/: replace the"
                                + " link with a copy of the file");
                    case BROKEN_LINK, SPECIAL ->
                        refused.add("File[" + entry + "] " + checked.describe(realDir)
                                + "; a script must be a regular file: replace or remove it");
                    default -> {}
                }
                if (refused.size() > before) {
                    continue;
                }
            }
            if (Files.isDirectory(entry)) {
                if (name.endsWith(".sql")) {
                    warnings.add("Dir[" + entry + "] is a directory; ignored (only files in scripts/ are scripts)");
                }
                if (!name.startsWith(".")) {
                    warnAboutNested(entry, warnings);
                }
                continue;
            }
            if (name.startsWith(".")) {
                continue;
            }
            if (ScriptName.isCandidate(name)) {
                if (!Files.isRegularFile(entry)) {
                    warnings.add("File[" + entry + "] is not a regular file; ignored");
                } else if (ScriptName.isValid(name)) {
                    scripts.add(ScriptReader.load(name, entry));
                } else {
                    invalid.add(name);
                }
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".sql")) {
                warnings.add("File[" + entry + "] is ignored: only names ending in lower-case .sql are scripts;"
                        + " rename it if it should run");
            } else if (lower.contains(".sql.")) {
                warnings.add("File[" + entry + "] is ignored: it does not end in .sql (a backup copy?);"
                        + " rename or remove it if it should run");
            }
        }
        if (!refused.isEmpty()) {
            throw new SemException(
                    String.join("; ", refused) + (refused.size() > 1 ? " (" + refused.size() + " files)" : ""));
        }
        return new ScriptSet(scripts, invalid, warnings);
    }

    /**
     * The one message for every invalid name (§11 #1), or empty when every name is valid; callers fail with it before
     * touching a database.
     */
    public Optional<Message> invalidNamesMessage() {
        if (invalidNames.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Message.text(
                        invalidNames.stream().map(ScriptName::invalidMessage).collect(Collectors.joining("; "))
                                + (invalidNames.size() > 1 ? " (" + invalidNames.size() + " files)" : "")
                                + ". ")
                .then(ScriptName.renameHint(invalidNames)));
    }

    private static void warnAboutNested(Path subdir, List<String> warnings) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(subdir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName().toString().startsWith(".") && !d.equals(subdir)
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()
                            && ScriptName.isValid(f.getFileName().toString())) {
                        found.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return; // only a warning; an unreadable subdirectory is ignored like the rest of it
        }
        found.sort(Comparator.comparing(Path::toString, BYTE_ORDER));
        for (Path f : found) {
            warnings.add("File[" + f + "] is in a subdirectory of scripts/ and is ignored; move it to "
                    + subdir.getParent() + " if it should run");
        }
    }
}
