package dev.sem.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import dev.sem.SemException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;

/**
 * sem's {@code sem-add}: moves a SQL file to {@code scripts/<yyyyMMdd-HHmmss>.sql} (UTC) and stages it, with the
 * defects of §11 #26 fixed:
 *
 * <ul>
 *   <li>the source must exist and its file name must end in {@code .sql}, case-insensitively ({@code a.SQL.txt} is
 *       refused);
 *   <li>the target is {@code <baseDir>/scripts}, not {@code <cwd>/scripts};
 *   <li>the git repository is checked <em>before</em> the file is moved;
 *   <li>the file is moved with {@link Files#move} and staged with JGit, never through a shell.
 * </ul>
 *
 * <p><b>Names never collide.</b> When {@code scripts/<now>.sql} exists (on disk or in the index), sem (Ruby) waits in
 * 0.1 s steps for a new second. We do not sleep: we take the next free second after the clock's time. The name is still
 * a valid, unique timestamp; it may lie a few seconds in the future when scripts are added in quick succession.
 */
public final class ScriptAdder {

    /** Printed by the caller after a successful add or create. */
    public static final String STAGED_MESSAGE = "File staged in git. You need to commit and push";

    /**
     * What to do after {@link #create}: write the SQL, then stage and commit the script with the description as the
     * commit message. The command runs in a POSIX shell from the directory the path is relative to.
     */
    public static String writeThenCommitMessage(Path relativePath, String description) {
        String path = relativePath.toString().replace('\\', '/');
        String message = description.strip().lines().findFirst().orElse("").strip();
        return "Write the SQL into " + path + ", then commit it: git add " + path + " && git commit -m '"
                + message.replace("'", "'\\''") + "'";
    }

    /** The format of generated script names, in UTC. */
    public static final DateTimeFormatter NAME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The attribute line of the template: sem's default mode, written out. */
    public static final String TRANSACTION_LINE = "-- sem.attribute.transaction = single";

    private static final int MAX_SECONDS_AHEAD = 24 * 60 * 60;

    private ScriptAdder() {}

    /** sem's first message: {@code Adding <absolute target path>}. */
    public static String addingMessage(Path target) {
        return "Adding " + target.toAbsolutePath();
    }

    /**
     * Moves {@code sourceFile} to {@code <baseDir>/scripts/<yyyyMMdd-HHmmss>.sql} and stages it.
     *
     * @return the absolute target path
     * @throws SemException {@code File[<p>] could not be found}, {@code File[<p>] must end with .sql}, or when
     *     {@code baseDir} is not inside a git work tree (nothing is moved then)
     */
    public static Path add(Path baseDir, Path sourceFile, Clock clock) {
        if (!Files.exists(sourceFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new SemException("File[" + sourceFile + "] could not be found");
        }
        Path fileName = sourceFile.getFileName();
        if (fileName == null || !fileName.toString().toLowerCase(Locale.ROOT).endsWith(".sql")) {
            throw new SemException("File[" + sourceFile + "] must end with .sql");
        }
        if (!Files.isRegularFile(sourceFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new SemException("File[" + sourceFile + "] is not a regular file; add a plain .sql file");
        }
        try (GitRepo repo = GitRepo.open(baseDir)) {
            Path scriptsDir = scriptsDir(repo, baseDir);
            Path target = place(repo, scriptsDir, clock, candidate -> Files.move(sourceFile, candidate));
            try {
                stage(repo, target);
            } catch (SemException e) {
                try {
                    Files.move(target, sourceFile);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
                throw e;
            }
            return target;
        }
    }

    /**
     * Starts a new script {@code <baseDir>/scripts/<yyyyMMdd-HHmmss>.sql} from {@link #template(String)}. It is not
     * staged: staging the empty template would let a plain {@code git commit} record the template without the SQL written
     * into it afterwards, and the build would then refuse the modified script. The user stages it with the SQL in it
     * ({@link #writeThenCommitMessage}).
     *
     * @param description what the script does, for its header comment; may be {@code null} or blank
     * @return the absolute path of the new script
     */
    public static Path create(Path baseDir, String description, Clock clock) {
        byte[] content = template(description).getBytes(StandardCharsets.UTF_8);
        try (GitRepo repo = GitRepo.open(baseDir)) {
            Path scriptsDir = scriptsDir(repo, baseDir);
            return place(repo, scriptsDir, clock, candidate -> {
                Files.write(candidate, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            });
        }
    }

    /**
     * The new-script template: the description as {@code --} comment lines, an empty comment line, then
     * {@value #TRANSACTION_LINE}, then an empty line for the SQL.
     *
     * @throws SemException when the description contains {@code sem.attribute.}, which would become an attribute line
     */
    public static String template(String description) {
        StringBuilder out = new StringBuilder();
        if (description != null && !description.isBlank()) {
            if (description.contains("sem.attribute.")) {
                throw new SemException("The description must not contain 'sem.attribute.': sem would read it as an"
                        + " attribute; rephrase it");
            }
            for (String line : description.strip().split("\\R", -1)) {
                out.append(line.isBlank() ? "--" : "-- " + line.stripTrailing()).append('\n');
            }
            out.append("--\n");
        }
        out.append(TRANSACTION_LINE).append('\n').append('\n');
        return out.toString();
    }

    /** The script name for {@code instant}: {@code yyyyMMdd-HHmmss.sql} in UTC. */
    public static String scriptName(Instant instant) {
        return NAME_FORMAT.format(instant) + ".sql";
    }

    private static Path scriptsDir(GitRepo repo, Path baseDir) {
        Path scriptsDir = baseDir.toAbsolutePath().normalize().resolve("scripts");
        repo.relativePath(scriptsDir); // throws when outside the work tree
        try {
            Files.createDirectories(scriptsDir);
        } catch (IOException e) {
            throw SemException.environment("Cannot create " + scriptsDir + ": " + e.getMessage(), e);
        }
        return scriptsDir;
    }

    @FunctionalInterface
    private interface Writer {
        void writeTo(Path candidate) throws IOException;
    }

    private static Path place(GitRepo repo, Path scriptsDir, Clock clock, Writer writer) {
        DirCache index;
        try {
            index = repo.repository().readDirCache();
        } catch (IOException e) {
            throw SemException.environment(
                    "Cannot read the git index of " + repo.workTree() + ": " + e.getMessage(), e);
        }
        Instant second = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < MAX_SECONDS_AHEAD; i++, second = second.plusSeconds(1)) {
            Path candidate = scriptsDir.resolve(scriptName(second));
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    || index.findEntry(repo.relativePath(candidate)) >= 0) {
                continue;
            }
            try {
                writer.writeTo(candidate);
                return candidate;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: try the next second
            } catch (IOException e) {
                throw SemException.environment("Cannot write " + candidate + ": " + e.getMessage(), e);
            }
        }
        throw new SemException("No free script name within a day after " + clock.instant() + " in " + scriptsDir);
    }

    private static void stage(GitRepo repo, Path target) {
        try (Git git = Git.wrap(repo.repository())) {
            git.add().addFilepattern(repo.relativePath(target)).call();
        } catch (GitAPIException e) {
            throw SemException.environment("Cannot stage " + target + " in git: " + e.getMessage(), e);
        }
    }
}
