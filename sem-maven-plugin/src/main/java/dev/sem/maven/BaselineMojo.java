package dev.sem.maven;

import javax.inject.Inject;

import dev.sem.apply.Applier;
import dev.sem.apply.ApplyReport;
import dev.sem.source.ScriptSource;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Records every pending script as applied without running it, to adopt an existing database (sem-baseline). Also
 * records {@code VERSION}. With {@code -Dsem.dryRun} it prints what it would record.
 *
 * @since 0.1.0
 */
@Mojo(name = "baseline", requiresProject = false, threadSafe = true)
public class BaselineMojo extends AbstractDatabaseMojo {

    @Inject
    public BaselineMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter, artifactResolver);
    }

    @Override
    protected String goal() {
        return "baseline";
    }

    @Override
    protected void doExecute() {
        var settings = connectionSettings();
        try (ScriptSource source = scriptSource()) {
            ApplyReport result =
                    new Applier(settings, engineLog()).baseline(source.baseDir(), applyOptions(source.artifact()));
            printDryRun(result);
            getLog().info(Summaries.of(result));
            writeReport(result);
        }
    }
}
