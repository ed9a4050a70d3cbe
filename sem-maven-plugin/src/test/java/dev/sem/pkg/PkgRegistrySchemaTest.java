package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.sem.Option;
import dev.sem.pkg.RegistryMigrations.Migration;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry's schema lifecycle: created, upgraded atomically under the lock, refused when newer than the tool.
 *
 * <p>pgpm defects (spec §17): 19 (a second active row for one version is impossible), 52 (atomic upgrade).
 */
@ExtendWith(TestPostgres.class)
class PkgRegistrySchemaTest {

    @Test
    void ensureCreatesTheRegistryAtTheLatestVersionAndIsIdempotent(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            assertThat(RegistrySchema.installedVersion(c)).isZero();
            RegistrySchema.ensure(c);
            RegistrySchema.ensure(c);
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(RegistryMigrations.latest());
            assertThat(RegistryRows.number(c, "SELECT count(*) FROM sem_packages.migrations"))
                    .isEqualTo(RegistryMigrations.ALL.size());
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void ensureRunsInTheCallersTransactionUnderTheRegistryLock(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            RegistrySchema.ensure(c);
            assertThat(RegistryLock.heldBy(c)).isTrue();
            c.rollback();
            c.setAutoCommit(true);
            assertThat(RegistrySchema.installedVersion(c)).isZero();
        }
    }

    @Test
    void registryNewerThanTheToolIsAClearError(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.exec(
                    c,
                    "INSERT INTO sem_packages.migrations (version, description, tool_version)"
                            + " VALUES (99, 'from the future', '9.9')");
            assertThatThrownBy(() -> RegistrySchema.ensure(c))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining(
                            "at version 99, newer than this sem knows (" + RegistryMigrations.latest() + ")");
        }
    }

    @Test
    void upgradeWhoseLastMigrationFailsLeavesNothingOfTheUpgrade(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            RegistryLock.acquire(c, java.time.Duration.ofSeconds(5));
            RegistrySchema.migrate(c, RegistryMigrations.ALL.subList(0, 1));
            c.commit();
            List<Migration> broken = new ArrayList<>(RegistryMigrations.ALL);
            broken.add(new Migration(RegistryMigrations.latest() + 1, "test: fails", "999-fails-for-test.sql"));
            assertThatThrownBy(() -> {
                        RegistryLock.acquire(c, java.time.Duration.ofSeconds(5));
                        RegistrySchema.migrate(c, broken);
                    })
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("999-fails-for-test.sql failed");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(1);
            assertThat(RegistryRows.string(c, "SELECT to_regproc('sem_packages.find_package')"))
                    .isNull();
            assertThat(RegistryRows.string(c, "SELECT to_regclass('sem_packages.half_done')"))
                    .isNull();
        }
    }

    @Test
    void aSecondActiveRowForTheSameVersionIsRefusedByTheUniqueIndex(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            assertThatThrownBy(() -> RegistryRows.deployed(c, "util", "versioned", "01_00_00", "util_01_00_00"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("packages_active_version");
            RegistryRows.deployed(c, "base", "basic", "1_0_0", "base");
            assertThatThrownBy(() -> RegistryRows.deployed(c, "base", "basic", "2_0_0", "base_again"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("packages_active_basic");
        }
    }

    @Test
    void theRegistryLockIsPolledAndGivesUpNamingTheHolderWithoutBlocking(TestDatabase db) throws SQLException {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            holder.setAutoCommit(false);
            RegistryLock.acquire(holder, java.time.Duration.ofSeconds(1));
            waiter.setAutoCommit(false);
            long start = System.nanoTime();
            assertThatThrownBy(() -> RegistryLock.acquire(waiter, java.time.Duration.ofMillis(300)))
                    .isInstanceOf(dev.sem.SemException.class)
                    .hasMessageContaining("Another session holds the sem package registry lock (pid ")
                    .hasMessageContaining("Wait for it to finish, or raise the lockWait option (seconds).")
                    .satisfies(suggests(Option.LOCK_WAIT));
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
            assertThat(RegistryRows.string(
                            waiter, "SELECT count(*) FROM pg_locks WHERE NOT granted" + " AND locktype = 'advisory'"))
                    .isEqualTo("0");
            holder.commit();
            RegistryLock.acquire(waiter, java.time.Duration.ofSeconds(1));
            assertThat(RegistryLock.heldBy(waiter)).isTrue();
            waiter.rollback();
            assertThat(RegistryLock.heldBy(waiter)).isFalse();
            assertThatThrownBy(() -> {
                        waiter.setAutoCommit(true);
                        RegistryLock.acquire(waiter, java.time.Duration.ofSeconds(1));
                    })
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("needs a transaction");
        }
    }

    @Test
    void migrationsAreNumberedOneByOneAndEveryResourceExists() {
        for (int i = 0; i < RegistryMigrations.ALL.size(); i++) {
            Migration m = RegistryMigrations.ALL.get(i);
            assertThat(m.version()).isEqualTo(i + 1);
            assertThat(m.resource()).startsWith(String.format("%03d-", i + 1));
            assertThat(m.sql()).isNotBlank();
        }
    }

    @Test
    void aRegistryCreatedByTheFirstSkeletonWithoutMigrationRowsIsUpgradedFromVersionOne(TestDatabase db)
            throws SQLException {
        try (Connection c = db.connect()) {
            RegistryRows.exec(c, RegistryMigrations.ALL.get(0).sql());
            RegistryRows.versioned(c, "util", "1_0_0");
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(1);
            RegistrySchema.ensure(c);
            assertThat(RegistrySchema.installedVersion(c)).isEqualTo(RegistryMigrations.latest());
            assertThat(RegistryRows.string(c, "SELECT schema_name FROM sem_packages.find_package('util', '1')"))
                    .isEqualTo("util_1_0_0");
        }
    }

    @Test
    void twoSessionsCreatingTheRegistryAtOnceSerialiseOnTheLock(TestDatabase db) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    try (Connection c = db.connect()) {
                        start.await();
                        RegistrySchema.ensure(c);
                        return RegistrySchema.installedVersion(c);
                    }
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(RegistryMigrations.latest());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.connect()) {
            assertThat(RegistryRows.number(c, "SELECT count(*) FROM sem_packages.migrations"))
                    .isEqualTo(RegistryMigrations.ALL.size());
        }
    }
}
