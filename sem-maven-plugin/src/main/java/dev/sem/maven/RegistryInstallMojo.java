package dev.sem.maven;

import javax.inject.Inject;

import java.util.Arrays;
import java.util.List;

import dev.sem.pkg.RegistryInstaller;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Installs the package registry (schema {@code sem_packages}) or, with {@code -Dsem.upgrade=true}, upgrades it, in one
 * transaction under the registry lock, and grants usage roles what applications need to call
 * {@code sem_packages.set_search_path}. Deploys create and upgrade the registry on their own; this goal is for doing it
 * explicitly (and for the grants).
 *
 * @since 0.2.0
 */
@Mojo(name = "registry-install", requiresProject = false, threadSafe = true)
public class RegistryInstallMojo extends AbstractPackageRegistryMojo {

    /**
     * Roles (comma-separated) granted USAGE on the registry schema and EXECUTE on its public functions
     * (set_search_path, find_package, search_path_schemas, satisfies, requirement_bounds).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.usage")
    protected String usage;

    /**
     * Upgrade an older registry (all pending migrations in one transaction).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.upgrade", defaultValue = "false")
    protected boolean upgrade;

    @Inject
    public RegistryInstallMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "registry-install";
    }

    @Override
    protected void doExecute() {
        List<String> roles = usage == null || usage.isBlank()
                ? List.of()
                : Arrays.stream(usage.split(",")).map(String::trim).toList();
        RegistryInstaller.InstallResult r =
                withConnection(c -> RegistryInstaller.install(c, roles, upgrade, registryLockWait()));
        getLog().info(
                        r.fromVersion() == r.toVersion()
                                ? "Package registry sem_packages is at version " + r.toVersion()
                                        + " (nothing to migrate)"
                                : "Package registry sem_packages "
                                        + (r.fromVersion() == 0
                                                ? "installed"
                                                : "upgraded from version " + r.fromVersion())
                                        + " to version " + r.toVersion() + ": "
                                        + String.join(", ", r.migrationsApplied()));
        if (!roles.isEmpty()) {
            getLog().info("Usage granted to " + String.join(", ", roles));
        }
        writeReport(r);
    }
}
