package dev.sem.maven;

import javax.inject.Inject;

import java.util.List;

import dev.sem.pkg.PackageListing;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Lists the packages deployed in a database: name, version, schema, status and last event (time, mode, VCS
 * reference). Changes nothing.
 *
 * @since 0.2.0
 */
@Mojo(name = "packages", requiresProject = false, threadSafe = true)
public class PackagesMojo extends AbstractConnectionMojo {

    /**
     * Also list removed (dropped) versions.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.includeDropped", defaultValue = "false")
    protected boolean includeDropped;

    @Inject
    public PackagesMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "packages";
    }

    @Override
    protected void doExecute() {
        List<PackageListing.Entry> entries = withConnection(c -> PackageListing.list(c, includeDropped));
        if (entries.isEmpty()) {
            getLog().info("No packages recorded (no package registry, or nothing deployed)");
        }
        entries.forEach(e -> getLog().info("  " + PackageListing.format(e)));
        writeReport(entries);
    }
}
