package dev.sem.pkg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import dev.sem.pkg.client.SearchPath;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java client helper binds pooled connections by init SQL or by the JDBC options property. */
@ExtendWith(TestPostgres.class)
class PkgClientSearchPathTest {

    @Test
    void aConnectionBoundByOptionsOrInitSqlCallsThePackageFunctionUnqualified(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistrySchema.ensure(c);
            long low = RegistryRows.versioned(c, "low", "00_05_00");
            long top = RegistryRows.versioned(c, "top", "1_2_0");
            RegistryRows.versioned(c, "top", "2_0_0");
            RegistryRows.link(c, top, 1, "low", "0", low);
            RegistryRows.exec(
                    c,
                    "CREATE FUNCTION top_1_2_0.call_low() RETURNS text LANGUAGE plpgsql AS"
                            + " $$ BEGIN RETURN 'via ' || low_fn(); END $$;"
                            + " CREATE FUNCTION low_00_05_00.low_fn() RETURNS text LANGUAGE sql AS $$ SELECT 'low' $$");
            SearchPath.Binding b = SearchPath.resolve(c, "top", "<2");
            assertThat(b.schemas()).containsExactly("top_1_2_0", "low_00_05_00", "public");
            assertThat(b.version()).isEqualTo("1_2_0");
            assertThat(b.initSql()).isEqualTo("SET search_path TO \"top_1_2_0\", \"low_00_05_00\", \"public\"");
            assertThat(b.jdbcOptions()).isEqualTo("-c search_path=\"top_1_2_0\",\"low_00_05_00\",\"public\"");
            assertThat(RegistryRows.string(c, "SHOW search_path")).isEqualTo("\"$user\", public");

            Properties props = new Properties();
            props.setProperty("user", db.user());
            if (db.password() != null) {
                props.setProperty("password", db.password());
            }
            Properties withOptions = new Properties();
            withOptions.putAll(props);
            withOptions.setProperty("options", b.jdbcOptions());
            try (Connection pooled = DriverManager.getConnection(db.jdbcUrl(), withOptions)) {
                assertThat(RegistryRows.string(pooled, "SELECT call_low()")).isEqualTo("via low");
            }
            String sep = db.jdbcUrl().contains("?") ? "&" : "?";
            try (Connection pooled = DriverManager.getConnection(db.jdbcUrl() + sep + b.jdbcUrlParameter(), props)) {
                assertThat(RegistryRows.string(pooled, "SELECT call_low()")).isEqualTo("via low");
            }
            try (Connection pooled = db.connect()) {
                b.apply(pooled);
                assertThat(RegistryRows.string(pooled, "SELECT call_low()")).isEqualTo("via low");
            }
            assertThat(SearchPath.resolve(c, "top", "x", List.of()).schemas()).containsExactly("top_2_0_0");
            assertThatThrownBy(() -> SearchPath.resolve(c, "top", ">=3"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("No deployed version of package top satisfies >=3");
        }
    }
}
