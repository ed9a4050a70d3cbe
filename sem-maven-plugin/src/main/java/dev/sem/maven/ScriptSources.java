package dev.sem.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.ShellWords;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.db.ConnectionSettings;
import dev.sem.script.ScriptReader;
import dev.sem.source.ScriptSource;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

/** What the goals that read a schema repository share, whatever their parameters: the source, options, dry runs. */
final class ScriptSources {

    private ScriptSources() {}

    /** Where the scripts come from: a directory, a tarball, coordinates, or the project's base directory. */
    static ScriptSource of(
            File dir, File tarball, String artifact, SemArtifactResolver artifactResolver, MavenSession session) {
        int given = (dir != null ? 1 : 0) + (tarball != null ? 1 : 0) + (artifact != null ? 1 : 0);
        if (given > 1) {
            throw new SemException("Give only one of -Dsem.dir, -Dsem.tarball and -Dsem.artifact");
        }
        if (dir != null) {
            return ScriptSource.directory(dir.toPath());
        }
        if (tarball != null) {
            return ScriptSource.tarball(tarball.toPath());
        }
        if (artifact != null) {
            Path file = artifactResolver.resolve(session, artifact);
            return ScriptSource.tarball(file, artifact);
        }
        Path base = session.getCurrentProject() != null
                        && session.getCurrentProject().getBasedir() != null
                ? session.getCurrentProject().getBasedir().toPath()
                : Path.of(session.getRequest().getBaseDirectory());
        return ScriptSource.directory(base);
    }

    /** The defaults with how scripts are read, the artifact applied and who runs this. */
    static ApplyOptions options(
            String encoding, boolean strict, Map<String, String> variables, String artifactCoordinates) {
        return ApplyOptions.defaults()
                .withStrict(strict)
                .withVariables(variables)
                .withEncoding(ScriptReader.Options.charset(encoding))
                .withArtifact(artifactCoordinates)
                .withActor(AbstractConnectionMojo.actor());
    }

    /** Prints a dry run's SQL and writes it to {@code dryRunFile} when given, saying how psql runs it on the database. */
    static void printDryRun(Log log, ApplyReport result, File dryRunFile, ConnectionSettings settings) {
        if (result.dryRunPlan() == null) {
            return;
        }
        log.info("SQL that would run (nothing was changed):");
        result.dryRunPlan().printLines(line -> log.info("  " + line));
        if (dryRunFile != null) {
            result.writeDryRunSql(dryRunFile.toPath());
            log.info("Dry-run SQL written to " + dryRunFile + " (run it with: psql -v ON_ERROR_STOP=1 -f "
                    + ShellWords.quote(dryRunFile.getPath()) + " " + ShellWords.quote(settings.libpqUri()) + ")");
        }
    }
}
