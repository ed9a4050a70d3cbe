package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL twin of {@link Requirement} in the registry passes every row of the shared {@code requirements.tsv}, with the
 * same result as Java, and resolution considers active rows only, highest first.
 *
 * <p>pgpm defects (spec §17): 9 ({@code >=}/{@code <=}), 10 ({@code =} ignored), 11 (arbitrary match), 12 (old revisions
 * and dropped rows count), 13 (depends on the caller's search_path).
 */
@ExtendWith(TestPostgres.class)
class PkgRequirementSqlTest {

    @Test
    void everyRowOfTheRequirementTableResolvesInSqlAsInJava(TestDatabase db) throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            int i = 0;
            for (RequirementTableTest.Row row : RequirementTableTest.rows().toList()) {
                String pkg = "p" + i++;
                for (PackageVersion v : row.registered()) {
                    RegistryRows.deployed(c, pkg, "versioned", v.text(), null);
                }
                String sql = sqlSelect(c, pkg, row.requirement());
                String java;
                try {
                    java = Requirement.parse(row.requirement())
                            .select(row.registered())
                            .map(PackageVersion::text)
                            .orElse("none");
                } catch (PackageException e) {
                    java = "invalid";
                }
                if (!sql.equals(row.expected()) || !sql.equals(java)) {
                    mismatches.add(row + ": SQL " + sql + ", Java " + java);
                }
            }
            assertThat(i).isGreaterThan(30);
        }
        assertThat(mismatches).isEmpty();
    }

    private static String sqlSelect(Connection c, String pkg, String requirement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version_text FROM sem_packages.find_package(?, ?)")) {
            ps.setString(1, pkg);
            ps.setString(2, requirement);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        } catch (SQLException e) {
            if ("22023".equals(e.getSQLState())
                    && e.getMessage().contains("Invalid version requirement '" + requirement + "'")) {
                return "invalid";
            }
            throw e;
        }
    }

    @Test
    void satisfiesComparesNumbersAndAnInvalidRequirementIsAClearSqlError(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            assertThat(RegistryRows.string(c, "SELECT sem_packages.satisfies(0, 2, 0, '>=0_1_5')"))
                    .isEqualTo("t");
            assertThat(RegistryRows.string(c, "SELECT sem_packages.satisfies(0, 2, 0, '=0_1_0')"))
                    .isEqualTo("f");
            assertThat(RegistryRows.string(c, "SELECT sem_packages.requirement_bounds('<=1_x')::text"))
                    .isEqualTo("(,\"{2,0,0}\")");
            assertThatThrownBy(() -> RegistryRows.string(c, "SELECT sem_packages.satisfies(1, 0, 0, '>>1')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Invalid version requirement '>>1': write [op]MAJOR[_MINOR[_PATCH]]");
        }
    }

    @Test
    void onlyActiveRowsAreCandidatesAndAReleaseOutranksItsPreRelease(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long old = RegistryRows.versioned(c, "util", "2_0_0");
            RegistryRows.renamed(c, old, 0);
            long dropped = RegistryRows.versioned(c, "util", "3_0_0");
            RegistryRows.exec(c, "UPDATE sem_packages.packages SET status = 'dropped' WHERE id = " + dropped);
            RegistryRows.versioned(c, "util", "1_5_0_rc1");
            RegistryRows.versioned(c, "util", "1_5_0");
            RegistryRows.versioned(c, "util", "1_5_0_rc2");
            assertThat(RegistryRows.string(c, "SELECT version_text FROM sem_packages.find_package('util', 'x')"))
                    .isEqualTo("1_5_0");
            assertThat(RegistryRows.string(c, "SELECT version_text FROM sem_packages.find_package('util', '>=2')"))
                    .isNull();
        }
    }

    @Test
    void resolutionDoesNotDependOnTheCallersSearchPath(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "0_1_0");
            RegistryRows.versioned(c, "util", "0_2_0");
            RegistryRows.exec(c, "CREATE SCHEMA elsewhere; SET search_path = elsewhere");
            assertThat(RegistryRows.string(c, "SELECT schema_name FROM sem_packages.find_package('util', '<0_2')"))
                    .isEqualTo("util_0_1_0");
        }
    }
}
