package dev.sem.maven;

import javax.inject.Inject;

import dev.sem.apply.Applier;
import dev.sem.apply.ApplyReport;
import dev.sem.fleet.ApplyOperation;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Applies, in order, every script the database has not seen yet, recording each one in
 * {@code schema_evolution_manager.scripts} (sem-apply). Runs inside a schema repository (its {@code scripts/}), or
 * without a project on a distribution given by {@code -Dsem.dir}, {@code -Dsem.tarball} or {@code -Dsem.artifact}.
 * With {@code -Dsem.targets} it applies to every selected database of a fleet.
 *
 * @since 0.1.0
 */
@Mojo(name = "apply", requiresProject = false, threadSafe = true)
public class ApplyMojo extends AbstractDatabaseMojo {

    @Inject
    public ApplyMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter, artifactResolver);
    }

    @Override
    protected String goal() {
        return "apply";
    }

    @Override
    protected void doExecute() {
        if (fleet()) {
            try (ScriptSource source = scriptSource()) {
                runFleet(new ApplyOperation(
                        source.baseDir(), applyOptions(source.artifact()), engineLog(), parallelism > 1));
            }
            return;
        }
        var settings = connectionSettings();
        try (ScriptSource source = scriptSource()) {
            Applier applier = new Applier(settings, engineLog());
            try {
                ApplyReport result = applier.apply(source.baseDir(), applyOptions(source.artifact()));
                printDryRun(result);
                getLog().info(Summaries.of(result));
                writeReport(result);
            } catch (Applier.ApplyFailedException e) {
                writeReport(e.report());
                throw e;
            }
        }
    }
}
