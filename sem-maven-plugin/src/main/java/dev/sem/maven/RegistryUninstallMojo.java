package dev.sem.maven;

import javax.inject.Inject;

import dev.sem.pkg.RegistryInstaller;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Drops the package registry (schema {@code sem_packages} and everything it recorded). Package schemas are never
 * dropped. Needs {@code -Dsem.confirmUninstall=true}, and a superuser or the registry schema's owner.
 *
 * @since 0.2.0
 */
@Mojo(name = "registry-uninstall", requiresProject = false, threadSafe = true)
public class RegistryUninstallMojo extends AbstractPackageRegistryMojo {

    /**
     * The explicit confirmation: without it nothing is dropped.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.confirmUninstall", defaultValue = "false")
    protected boolean confirmUninstall;

    @Inject
    public RegistryUninstallMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "registry-uninstall";
    }

    @Override
    protected void doExecute() {
        RegistryInstaller.UninstallResult r =
                withConnection(c -> RegistryInstaller.uninstall(c, confirmUninstall, registryLockWait()));
        if (r.version() == 0) {
            getLog().info("There is no package registry in this database: nothing to uninstall");
        } else {
            getLog().info("Package registry sem_packages (version " + r.version() + ") dropped; package schemas"
                    + " kept: "
                    + (r.packageSchemasKept().isEmpty() ? "none" : String.join(", ", r.packageSchemasKept())));
        }
        writeReport(r);
    }
}
