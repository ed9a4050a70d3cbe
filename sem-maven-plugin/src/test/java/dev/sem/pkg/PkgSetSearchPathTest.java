package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sem_packages.set_search_path(name, requirement)}: pgpm's signature and JSON keys, the path from stored schema
 * names followed transitively, a clear error when nothing matches, safe against injection and hijacking.
 *
 * <p>pgpm defects (spec §17): 1 (zero-padded versions), 2 (packages without dependencies), 3 (cryptic no-match
 * error), 4 (basic and transitive dependencies), 13 (caller's search_path), 40 (usage role can call it), 41 (injection
 * through the package argument, quoted role names), 42 (hijacking through the caller's search_path).
 */
@ExtendWith(TestPostgres.class)
class PkgSetSearchPathTest {

    static String call(Connection c, String name, String requirement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sem_packages.set_search_path(?, ?)::text")) {
            ps.setString(1, name);
            ps.setString(2, requirement);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static String searchPath(Connection c) throws SQLException {
        return RegistryRows.string(c, "SHOW search_path");
    }

    @Test
    void zeroPaddedVersionsBindToTheStoredSchemasAndThePackageFunctionRuns(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long low = RegistryRows.versioned(c, "low", "00_05_00");
            long top = RegistryRows.versioned(c, "top", "00_02_00");
            RegistryRows.link(c, top, 1, "low", ">=0_5", low);
            RegistryRows.exec(
                    c,
                    "CREATE FUNCTION top_00_02_00.call_low() RETURNS text LANGUAGE plpgsql AS"
                            + " $$ BEGIN RETURN 'via ' || low_fn(); END $$;"
                            + " CREATE FUNCTION low_00_05_00.low_fn() RETURNS text LANGUAGE sql AS $$ SELECT 'low' $$");
            String json = call(c, "top", "00_02_00");
            assertThat(json)
                    .isEqualTo("{\"pkg_id\" : " + top + ", \"pkg_name\" : \"top\", \"pkg_v_major\" : 0,"
                            + " \"pkg_v_minor\" : 2, \"pkg_v_patch\" : 0, \"schema\" : \"top_00_02_00\"}");
            assertThat(searchPath(c)).isEqualTo("top_00_02_00, low_00_05_00, public");
            assertThat(RegistryRows.string(c, "SELECT call_low()")).isEqualTo("via low");
        }
    }

    @Test
    void aPackageWithoutDependenciesGetsItsSchemaThenPublic(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "solo", "1_0_0");
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT sem_packages.set_search_path('solo', '1')")
                        .close();
                List<String> notices = new ArrayList<>();
                for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    notices.add(w.getMessage());
                }
                assertThat(notices).contains("solo_1_0_0, public");
            }
            assertThat(searchPath(c)).isEqualTo("solo_1_0_0, public");
            assertThat(RegistryRows.string(c, "SELECT whoami()")).isEqualTo("solo_1_0_0");
        }
    }

    @Test
    void dependenciesFollowTransitivelyDepthFirstEachSchemaOnceWithBasicNamesAsStored(TestDatabase db)
            throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long base = RegistryRows.deployed(c, "base", "basic", "3_1_0", "base");
            long mid = RegistryRows.versioned(c, "mid", "1_0_0");
            long other = RegistryRows.versioned(c, "other", "2_0_0");
            long top = RegistryRows.versioned(c, "top", "1_0_0");
            RegistryRows.link(c, mid, 1, "base", "3", base);
            RegistryRows.link(c, top, 1, "mid", "1", mid);
            RegistryRows.link(c, top, 2, "base", "x", base);
            RegistryRows.link(c, top, 3, "other", "2", other);
            call(c, "top", "x");
            assertThat(searchPath(c)).isEqualTo("top_1_0_0, mid_1_0_0, base, other_2_0_0, public");
        }
    }

    @Test
    void aDependencyRedeployedModeratelyBindsToTheCurrentSchemaOfThatVersion(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long low = RegistryRows.versioned(c, "low", "1_0_0");
            long top = RegistryRows.versioned(c, "top", "1_0_0");
            RegistryRows.link(c, top, 1, "low", "1", low);
            RegistryRows.renamed(c, low, 0);
            RegistryRows.versioned(c, "low", "1_0_0");
            call(c, "top", "1");
            assertThat(searchPath(c)).isEqualTo("top_1_0_0, low_1_0_0, public");
        }
    }

    @Test
    void theTailIsConfigurableByArgumentOrSetting(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "solo", "1_0_0");
            RegistryRows.string(c, "SELECT sem_packages.set_search_path('solo', '1', '')");
            assertThat(searchPath(c)).isEqualTo("solo_1_0_0");
            RegistryRows.exec(c, "SET sem.search_path_tail = 'ext, public'");
            call(c, "solo", "1");
            assertThat(searchPath(c)).isEqualTo("solo_1_0_0, ext, public");
        }
    }

    @Test
    void noMatchingVersionIsAClearErrorNamingPackageAndRequirement(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            assertThatThrownBy(() -> call(c, "util", ">=2"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("No deployed version of package util satisfies >=2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("P0002"));
            assertThatThrownBy(() -> call(c, "nothing", "1"))
                    .hasMessageContaining("No deployed version of package nothing satisfies 1");
        }
    }

    @Test
    void itListensOnTheFixedChannelAndOnTheLegacyChannelWhenTheNameFits(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            String longName = "p".repeat(45);
            RegistryRows.versioned(c, "util", "1_0_0");
            RegistryRows.deployed(c, longName, "basic", "1_0_0", longName);
            call(c, "util", "1");
            call(c, longName, "1");
            assertThat(RegistryRows.string(c, "SELECT string_agg(ch, ',' ORDER BY ch) FROM pg_listening_channels() ch"))
                    .isEqualTo("deployment_events$$util,sem_package_events");
        }
    }

    @Test
    void shadowingObjectsEarlierOnTheCallersPathChangeNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            RegistryRows.exec(
                    c,
                    "CREATE SCHEMA evil;"
                            + " CREATE TABLE evil.packages AS SELECT * FROM sem_packages.packages WITH NO DATA;"
                            + " CREATE TABLE evil.dependencies (package_id bigint);"
                            + " CREATE FUNCTION evil.find_package(text, text) RETURNS SETOF sem_packages.packages"
                            + "   LANGUAGE sql AS $$ SELECT * FROM sem_packages.packages WHERE false $$;"
                            + " CREATE FUNCTION evil.set_config(text, text, boolean) RETURNS text LANGUAGE plpgsql AS"
                            + "   $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;"
                            + " CREATE FUNCTION evil.requirement_bounds(text, OUT lower_bound integer[],"
                            + "   OUT upper_bound integer[]) LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$;"
                            + " SET search_path = evil, pg_catalog, public");
            assertThat(call(c, "util", "1")).contains("\"schema\" : \"util_1_0_0\"");
            assertThat(searchPath(c)).isEqualTo("util_1_0_0, public");
            assertThat(RegistryRows.string(
                            c,
                            "SELECT array_to_string(proconfig, ';') FROM pg_proc"
                                    + " WHERE oid = 'sem_packages.set_search_path(text, text, text)'::regprocedure"))
                    .isEqualTo("search_path=sem_packages, pg_temp");
            assertThat(RegistryRows.string(
                            c,
                            "SELECT prosecdef FROM pg_proc"
                                    + " WHERE oid = 'sem_packages.set_search_path(text, text)'::regprocedure"))
                    .isEqualTo("t");
        }
    }

    @Test
    void aPackageArgumentCarryingSqlIsJustAnUnknownName(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            RegistryRows.versioned(c, "util", "1_0_0");
            RegistryRows.exec(c, "CREATE TABLE victim (id int)");
            assertThatThrownBy(() -> call(c, "util'; drop table victim; --", "1"))
                    .hasMessageContaining("No deployed version of package util'; drop table victim; -- satisfies 1");
            assertThatThrownBy(() -> call(c, "util", "1'; drop table victim; --"))
                    .hasMessageContaining("Invalid version requirement");
            assertThat(RegistryRows.string(c, "SELECT to_regclass('victim')")).isEqualTo("victim");
        }
    }

    @Test
    void aUsageRoleWithAQuotedNameCanCallSetSearchPathButNotTheAdministrationFunctions(TestDatabase db)
            throws SQLException {
        String role = "Ops Team " + db.name();
        try (Connection c = db.connect()) {
            RegistryRows.exec(c, "CREATE ROLE " + RegistrySchema.quoteIdent(role));
            try {
                RegistryInstaller.install(c, List.of(role), false, Duration.ofSeconds(5));
                RegistryRows.versioned(c, "util", "1_0_0");
                RegistryRows.exec(c, "GRANT USAGE ON SCHEMA util_1_0_0 TO " + RegistrySchema.quoteIdent(role));
                RegistryRows.exec(c, "SET ROLE " + RegistrySchema.quoteIdent(role));
                assertThat(call(c, "util", "1")).contains("\"pkg_name\" : \"util\"");
                assertThat(RegistryRows.string(c, "SELECT whoami()")).isEqualTo("util_1_0_0");
                assertThatThrownBy(() -> RegistryRows.string(c, "SELECT sem_packages.drop_schema_smart('util_1_0_0')"))
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> RegistryRows.string(c, "SELECT count(*) FROM sem_packages.packages"))
                        .hasMessageContaining("permission denied");
            } finally {
                RegistryRows.exec(
                        c,
                        "RESET ROLE; DROP OWNED BY " + RegistrySchema.quoteIdent(role) + "; DROP ROLE "
                                + RegistrySchema.quoteIdent(role));
            }
        }
    }
}
