package dev.sem.maven;

import javax.inject.Inject;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.sem.pkg.PgpmImport;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Takes over a database that pgpm manages: imports {@code _pgpm} (packages with the schemas that exist, dependency
 * links, deployment events, table-script log) into the package registry, without redeploying anything, and replaces
 * {@code _pgpm.set_search_path} by a wrapper of {@code sem_packages.set_search_path} so applications keep working.
 * Re-running imports only what is new. Rows that cannot be mapped are reported.
 *
 * @since 0.2.0
 */
@Mojo(name = "import-pgpm", requiresProject = false, threadSafe = true)
public class ImportPgpmMojo extends AbstractPackageRegistryMojo {

    /**
     * Drop pgpm's registry after the import (schema {@code _pgpm} is recreated holding only the set_search_path
     * wrapper, with its USAGE grants).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.dropPgpm", defaultValue = "false")
    protected boolean dropPgpm;

    /**
     * Packages (comma-separated) that pgpm deployed with {@code "scope": "DATABASE"}: pgpm did not record the scope, so
     * name them to import their rows without a schema and their table-script log once per package.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.databaseScope")
    protected String databaseScope;

    @Inject
    public ImportPgpmMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "import-pgpm";
    }

    @Override
    protected void doExecute() {
        Set<String> database = databaseScope == null || databaseScope.isBlank()
                ? Set.of()
                : Arrays.stream(databaseScope.split(",")).map(String::trim).collect(Collectors.toSet());
        PgpmImport.Result r = withConnection(c -> PgpmImport.run(c, dropPgpm, database, registryLockWait()));
        for (PgpmImport.Imported i : r.imported()) {
            getLog().info(String.format(
                    "  imported %-30s %-12s %-40s %s",
                    i.name(), i.version(), i.schema() == null ? "(database scope)" : i.schema(), i.status()));
        }
        for (PgpmImport.Unmapped u : r.unmapped()) {
            getLog().warn("  not imported: " + u.kind() + " " + u.description() + ": "
                    + OptionFlags.render(u.reason()));
        }
        r.warnings().forEach(w -> getLog().warn(OptionFlags.render(w)));
        getLog().info("Imported from pgpm " + (r.pgpmVersion() == null ? "" : r.pgpmVersion() + " ")
                + r.imported().size() + " package row(s) ("
                + r.alreadyImported().size() + " imported before), "
                + r.dependencies() + " dependency link(s), " + r.events() + " event(s), " + r.tableScripts()
                + " table script(s); " + r.unmapped().size() + " not imported"
                + (r.pgpmDropped() ? "; _pgpm dropped (set_search_path wrapper kept)" : ""));
        writeReport(r);
    }
}
