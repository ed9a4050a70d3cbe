package dev.sem.maven;

import javax.inject.Inject;

import dev.sem.SemException;
import dev.sem.pkg.PackageRemover;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Removes a deployed package version or revision: drops its schema and marks its registry row dropped. A dry run by
 * default ({@code -Dsem.dryRun=false} to do it). Refuses when the schema contains tables (unless
 * {@code -Dsem.force=true}), when an active package depends on it, when a session's query uses it, or when objects
 * outside it depend on it.
 *
 * @since 0.2.0
 */
@Mojo(name = "remove-package", requiresProject = false, threadSafe = true)
public class RemovePackageMojo extends AbstractPackageRegistryMojo {

    /**
     * The package name.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.package.name", required = true)
    protected String packageName;

    /**
     * The version ({@code 1_2_0}; any zero padding matches).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.package.version", required = true)
    protected String packageVersion;

    /**
     * The revision N of a schema renamed by a moderate deploy; absent for the current version.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.revision")
    protected Integer revision;

    /**
     * Drop the schema although it contains tables.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.force", defaultValue = "false")
    protected boolean force;

    /**
     * Only report what would be done (the default for this goal).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.dryRun", defaultValue = "true")
    protected boolean removeDryRun;

    @Inject
    public RemovePackageMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "remove-package";
    }

    @Override
    protected void doExecute() {
        if (packageName == null || packageVersion == null) {
            throw new SemException("Name the package version to remove: -Dsem.package.name=NAME"
                    + " -Dsem.package.version=M_m_p (and -Dsem.revision=N for a renamed revision)");
        }
        var request = new PackageRemover.Request(packageName, packageVersion, revision, force, removeDryRun);
        PackageRemover.Result r = withConnection(c -> PackageRemover.remove(c, request, registryLockWait()));
        getLog().info((r.dryRun() ? "Dry run (nothing changed; -Dsem.dryRun=false to remove): would " : "Done: ")
                + String.join("; ", r.actions()));
        writeReport(r);
    }
}
