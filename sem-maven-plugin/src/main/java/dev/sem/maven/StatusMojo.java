package dev.sem.maven;

import javax.inject.Inject;

import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyReport;
import dev.sem.fleet.StatusOperation;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Shows which scripts are applied, pending, changed since they were applied, or late (older than the newest applied
 * one), and the deployed version. Changes nothing. Fails when an applied script has changed.
 *
 * @since 0.1.0
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractDatabaseMojo {

    @Inject
    public StatusMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter, artifactResolver);
    }

    @Override
    protected String goal() {
        return "status";
    }

    @Override
    protected void doExecute() {
        if (fleet()) {
            try (ScriptSource source = scriptSource()) {
                runFleet(new StatusOperation(
                        source.baseDir(), scriptOptions(source.artifact()), engineLog(), parallelism > 1));
            }
            return;
        }
        var settings = connectionSettings();
        try (ScriptSource source = scriptSource()) {
            ApplyReport result =
                    new Applier(settings, engineLog()).status(source.baseDir(), scriptOptions(source.artifact()));
            for (ApplyReport.ScriptResult s : result.scripts()) {
                getLog().info(String.format(
                        "  %-22s %s%s",
                        s.status(), s.name(), s.late() ? " (late: older than the newest applied script)" : ""));
            }
            getLog().info(Summaries.of(result));
            writeReport(result);
            result.statusFailure().ifPresent(failure -> {
                throw new SemException(failure);
            });
        }
    }
}
