package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import dev.sem.Option;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Explicit install, upgrade and uninstall of the registry.
 *
 * <p>pgpm defects (spec §17): 52 (upgrade in one transaction: see also {@link PkgRegistrySchemaTest}), 54 (a refused
 * uninstall, or an install by a role that cannot create schemas, says why at the default level).
 */
@ExtendWith(TestPostgres.class)
class PkgRegistryInstallTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void installCreatesTheRegistryAndAnInstalledRegistryIsLeftAsIs(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistryInstaller.InstallResult first = RegistryInstaller.install(c, List.of(), false, WAIT);
            assertThat(first.fromVersion()).isZero();
            assertThat(first.toVersion()).isEqualTo(RegistryMigrations.latest());
            assertThat(first.migrationsApplied())
                    .containsExactly("001-tables.sql", "002-functions.sql", "003-pgpm-import.sql");
            RegistryInstaller.InstallResult again = RegistryInstaller.install(c, List.of(), false, WAIT);
            assertThat(again.migrationsApplied()).isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void anOlderRegistryNeedsTheUpgradeFlagAndIsThenUpgradedInOneTransaction(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            RegistryLock.acquire(c, WAIT);
            RegistrySchema.migrate(c, RegistryMigrations.ALL.subList(0, 1));
            c.commit();
            c.setAutoCommit(true);
            assertThatThrownBy(() -> RegistryInstaller.install(c, List.of(), false, WAIT))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("is at version 1, older than this sem's " + RegistryMigrations.latest())
                    .hasMessageContaining(": run mvn sem:registry-install upgrade=true (one transaction")
                    .satisfies(suggests(Option.UPGRADE));
            RegistryInstaller.InstallResult up = RegistryInstaller.install(c, List.of(), true, WAIT);
            assertThat(up.fromVersion()).isEqualTo(1);
            assertThat(up.migrationsApplied()).containsExactly("002-functions.sql", "003-pgpm-import.sql");
        }
    }

    @Test
    void aMissingUsageRoleIsRefusedBeforeAnyChange(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> RegistryInstaller.install(c, List.of("no such role"), false, WAIT))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("Usage role(s) no such role do not exist")
                    .hasMessageContaining("correct the usage option (role names are case-sensitive)")
                    .satisfies(suggests(Option.USAGE));
            assertThat(RegistrySchema.installedVersion(c)).isZero();
        }
    }

    @Test
    void uninstallNeedsConfirmationAndKeepsPackageSchemas(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistryInstaller.install(c, List.of(), false, WAIT);
            RegistryRows.versioned(c, "util", "1_0_0");
            assertThatThrownBy(() -> RegistryInstaller.uninstall(c, false, WAIT))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("add confirmUninstall=true to do it")
                    .satisfies(suggests(Option.CONFIRM_UNINSTALL));
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(RegistryMigrations.latest());
            RegistryInstaller.UninstallResult r = RegistryInstaller.uninstall(c, true, WAIT);
            assertThat(r.packageSchemasKept()).containsExactly("util_1_0_0");
            assertThat(RegistrySchema.installedVersion(c)).isZero();
            assertThat(RegistryRows.string(c, "SELECT util_1_0_0.whoami()")).isEqualTo("util_1_0_0");
        }
    }

    @Test
    void uninstallByANonOwnerNonSuperuserIsRefusedWithTheReason(TestDatabase db) throws SQLException {
        String role = "plain_" + db.name();
        try (Connection c = db.connect()) {
            RegistryInstaller.install(c, List.of(), false, WAIT);
            RegistryRows.exec(c, "CREATE ROLE " + RegistrySchema.quoteIdent(role));
            try {
                RegistryRows.exec(
                        c,
                        "GRANT USAGE ON SCHEMA sem_packages TO " + RegistrySchema.quoteIdent(role)
                                + "; GRANT SELECT ON sem_packages.migrations TO " + RegistrySchema.quoteIdent(role)
                                + "; SET ROLE " + RegistrySchema.quoteIdent(role));
                assertThatThrownBy(() -> RegistryInstaller.uninstall(c, true, WAIT))
                        .isInstanceOf(PackageException.class)
                        .hasMessageContaining("Cannot uninstall the package registry: connected as role " + role
                                + ", which is neither a superuser nor the owner of schema sem_packages");
            } finally {
                RegistryRows.exec(
                        c,
                        "RESET ROLE; DROP OWNED BY " + RegistrySchema.quoteIdent(role) + "; DROP ROLE "
                                + RegistrySchema.quoteIdent(role));
            }
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(RegistryMigrations.latest());
        }
    }

    @Test
    void installByARoleThatCannotCreateSchemasIsRefusedWithTheReason(TestDatabase db) throws SQLException {
        String role = "weak_" + db.name();
        try (Connection c = db.connect()) {
            RegistryRows.exec(
                    c,
                    "CREATE ROLE " + RegistrySchema.quoteIdent(role) + "; REVOKE CREATE ON DATABASE "
                            + RegistrySchema.quoteIdent(db.name()) + " FROM PUBLIC; SET ROLE "
                            + RegistrySchema.quoteIdent(role));
            try {
                assertThatThrownBy(() -> RegistryInstaller.install(c, List.of(), false, WAIT))
                        .isInstanceOf(PackageException.class)
                        .hasMessage("Cannot install the package registry: role " + role + " may not create schemas in"
                                + " database " + db.name() + "; connect as a superuser or the database owner, or GRANT"
                                + " CREATE ON DATABASE to that role");
            } finally {
                RegistryRows.exec(c, "RESET ROLE; DROP ROLE " + RegistrySchema.quoteIdent(role));
            }
            assertThat(RegistrySchema.installedVersion(c)).isZero();
        }
    }
}
