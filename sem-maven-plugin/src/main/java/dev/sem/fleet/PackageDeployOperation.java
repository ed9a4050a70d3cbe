package dev.sem.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.pkg.DependencyDeployer;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.DeployResult;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageDependencies;
import dev.sem.pkg.PackageDeployer;

/**
 * {@code deploy-package} on each target. The preflight plans the deploy in a read-only transaction that is rolled back
 * (a dry run: the schema action of the mode, the dependencies, the roles, the registry version), so a target that
 * would refuse (a safe deploy over an existing schema, a missing dependency) stops the run before any target changes.
 * With dependencies to deploy first, the preflight only connects and reads the registry version, because the plan of
 * the package needs its dependencies deployed.
 */
public final class PackageDeployOperation implements FleetOperation {

    private final LoadedPackage pkg;
    private final DeployOptions options;
    private final List<PackageDependencies.Provided> dependencies;
    private final EngineLog log;

    /**
     * @param dependencies the packages to deploy first when missing, in deploy order; empty for pgpm's rule (each must
     *     already be deployed)
     */
    public PackageDeployOperation(
            LoadedPackage pkg, DeployOptions options, List<PackageDependencies.Provided> dependencies, EngineLog log) {
        this.pkg = Objects.requireNonNull(pkg, "pkg");
        this.options = Objects.requireNonNull(options, "options");
        this.dependencies = List.copyOf(dependencies);
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String goal() {
        return "deploy-package";
    }

    @Override
    public void preflight(Target target, ConnectionSettings settings) {
        if (!dependencies.isEmpty()) {
            try (Connection c = new ConnectionFactory(settings).open("sem:deploy-package preflight")) {
                int installed = dev.sem.pkg.RegistrySchema.installedVersion(c);
                if (installed > dev.sem.pkg.RegistryMigrations.latest()) {
                    throw new SemException("The package registry sem_packages is at version " + installed
                            + ", newer than this sem knows (" + dev.sem.pkg.RegistryMigrations.latest()
                            + "): upgrade the sem plugin");
                }
            } catch (SQLException e) {
                throw SemException.environment(settings.redact(e.getMessage()), e);
            }
            return;
        }
        new PackageDeployer(settings, EngineLog.silent()).deploy(pkg, options.withDryRun(true));
    }

    @Override
    public Outcome run(Target target, ConnectionSettings settings) {
        if (!dependencies.isEmpty()) {
            new DependencyDeployer(settings, log).deploy(pkg, dependencies, options);
        }
        DeployResult result = new PackageDeployer(settings, log).deploy(pkg, options);
        return new Outcome(!result.dryRun(), result.executed(), result.summary(), result);
    }
}
