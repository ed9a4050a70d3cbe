package dev.sem.maven;

import javax.inject.Inject;

import java.util.HashMap;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.Message;
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
        // The report keeps the failure in the engine's words; the build fails with it as the warning printed it,
        // each option spelled as its flag.
        Map<String, String> rendered = new HashMap<>();
        EngineLog base = engineLog();
        EngineLog log = new EngineLog() {
            @Override
            public void info(String line) {
                base.info(line);
            }

            @Override
            public void warn(String line) {
                base.warn(line);
            }

            @Override
            public void warn(Message line) {
                rendered.putIfAbsent(line.toString(), OptionFlags.render(line));
                base.warn(line);
            }

            @Override
            public void error(String line) {
                base.error(line);
            }

            @Override
            public void debug(String line) {
                base.debug(line);
            }
        };
        try (ScriptSource source = scriptSource()) {
            ApplyReport result = new Applier(settings, log).status(source.baseDir(), scriptOptions(source.artifact()));
            for (ApplyReport.ScriptResult s : result.scripts()) {
                getLog().info(String.format(
                        "  %-22s %s%s",
                        s.status(), s.name(), s.late() ? " (late: older than the newest applied script)" : ""));
            }
            getLog().info(Summaries.of(result));
            writeReport(result);
            result.statusFailure().ifPresent(failure -> {
                throw new SemException(rendered.getOrDefault(failure, failure));
            });
        }
    }
}
