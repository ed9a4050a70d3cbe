package dev.sem.maven;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;

import dev.sem.git.ScriptAdder;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Adds a script (sem-add): moves an existing {@code .sql} file to {@code scripts/<yyyyMMdd-HHmmss>.sql}, named after
 * the current UTC time, or starts a new script from a template, and stages it in git. Runs in a schema project (its
 * base directory's {@code scripts/}; in a reactor only once, in the top-level project) or, without a POM, in the current
 * directory's {@code scripts/}. Nothing is moved outside a git work tree.
 *
 * @since 0.1.0
 */
@Mojo(name = "add", requiresProject = false, aggregator = true, threadSafe = true)
public class AddMojo extends AbstractSemMojo {

    /** The project's base directory, or the current directory when there is no POM; holds {@code scripts/}. */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File baseDirectory;

    /**
     * An existing SQL file (name ending in {@code .sql}) to move into {@code scripts/} under a new timestamp name; a
     * relative path is resolved against the project's base directory. Give this or {@code sem.description}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.file")
    private File file;

    /**
     * Start a new, empty script whose header comment is this short description, instead of moving a file. Give this
     * or {@code sem.file}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.description")
    private String description;

    @Override
    protected String goal() {
        return "add";
    }

    @Override
    protected void doExecute() throws MojoFailureException {
        boolean haveDescription = description != null && !description.isBlank();
        if (file == null && !haveDescription) {
            throw new MojoFailureException("**** ERROR: Need file path: give -Dsem.file=<file>.sql to move an existing"
                    + " file into scripts/, or -Dsem.description=\"<short description>\" to start a new empty script");
        }
        if (file != null && haveDescription) {
            throw new MojoFailureException("Give either -Dsem.file (move an existing file into scripts/) or"
                    + " -Dsem.description (start a new empty script), not both");
        }
        Path baseDir = baseDirectory.toPath();
        Path target;
        if (file != null) {
            target = ScriptAdder.add(baseDir, file.toPath(), Clock.systemUTC());
        } else {
            target = ScriptAdder.create(baseDir, description, Clock.systemUTC());
        }
        getLog().info(ScriptAdder.addingMessage(target));
        if (file != null) {
            getLog().info(ScriptAdder.STAGED_MESSAGE);
        } else {
            getLog().info(ScriptAdder.writeThenCommitMessage(
                    baseDir.toAbsolutePath().relativize(target.toAbsolutePath()), description));
        }
        writeReport(
                new Report(goal(), target.toAbsolutePath().toString(), file == null ? null : file.getAbsolutePath()));
    }

    /**
     * The JSON report of {@code sem:add} ({@code -Dsem.report=file}).
     *
     * @param goal {@code add}
     * @param script the new script's absolute path
     * @param movedFrom the moved file's former path, or {@code null} for a new script
     */
    public record Report(String goal, String script, String movedFrom) {}
}
