package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The package listing: name, version, schema, status and the last event. */
@ExtendWith(TestPostgres.class)
class PkgPackageListingTest {

    @Test
    void listsRowsHighestVersionFirstWithTheirLastEvent(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            assertThat(PackageListing.list(c, false)).isEmpty();
            RegistrySchema.ensure(c);
            long v1 = RegistryRows.versioned(c, "util", "1_0_0");
            long v2 = RegistryRows.versioned(c, "util", "2_0_0");
            RegistryRows.renamed(c, v1, 0);
            RegistryRows.exec(
                    c,
                    "INSERT INTO sem_packages.events (package_id, event, mode, tool_version, vcs_ref,"
                            + " occurred_at) VALUES (" + v2
                            + ", 'deploy', 'safe', 't', 'abc1', now() - interval '1 day'), ("
                            + v2 + ", 'deploy', 'overwrite', 't', 'abc2', now())");
            long gone = RegistryRows.versioned(c, "old", "1_0_0");
            RegistryRows.exec(c, "UPDATE sem_packages.packages SET status = 'dropped' WHERE id = " + gone);
            List<PackageListing.Entry> entries = PackageListing.list(c, false);
            assertThat(entries)
                    .extracting(
                            PackageListing.Entry::name,
                            PackageListing.Entry::version,
                            PackageListing.Entry::schema,
                            PackageListing.Entry::status)
                    .containsExactly(
                            tuple("util", "2_0_0", "util_2_0_0", "active"),
                            tuple("util", "1_0_0", "util_1_0_0_0", "renamed"));
            assertThat(entries.get(0).lastEvent().mode()).isEqualTo("overwrite");
            assertThat(entries.get(0).lastEvent().vcsRef()).isEqualTo("abc2");
            assertThat(PackageListing.format(entries.get(0))).contains("util", "2_0_0", "active", "deploy", "abc2");
            assertThat(PackageListing.format(entries.get(1))).contains("renamed 0", "no event");
            assertThat(PackageListing.list(c, true)).hasSize(3);
            assertThat(dev.sem.report.JsonReports.toJson(entries))
                    .contains("\"schema\" : \"util_2_0_0\"", "\"vcsRef\" : \"abc2\"", "\"time\" : \"20");
        }
    }
}
