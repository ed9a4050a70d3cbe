package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

import static dev.sem.history.Catalog.execute;
import static dev.sem.history.Catalog.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The hardened helpers against the original ones of sem (Ruby), as installed by {@link RubySemFixture}. */
@ExtendWith(TestPostgres.class)
class HelperFunctionsTest {

    private static final List<String> DDL_HELPERS = List.of(
            "create_basic_audit_data",
            "create_basic_created_audit_data",
            "create_basic_deleted_audit_data",
            "create_basic_updated_audit_data",
            "create_updated_at_trigger",
            "create_prevent_immediate_delete_trigger",
            "create_prevent_delete_trigger",
            "create_prevent_update_trigger");

    @Test
    void lowerCaseArgumentsGiveWhatRubyGives(TestDatabase javaDb, TestDatabase rubyDb) throws SQLException {
        try (Connection j = java(javaDb);
                Connection r = ruby(rubyDb)) {
            for (Connection c : List.of(j, r)) {
                execute(c, "CREATE TABLE public.sites (id int)");
                call(c, "create_basic_audit_data", "public", "sites");
                call(c, "create_prevent_update_trigger", "public", "sites");
                call(c, "create_prevent_delete_trigger", "public", "sites");
            }
            assertSameTable(j, r, "public", "sites");
            assertThat(Catalog.triggers(j, "public", "sites")).hasSize(4);
            assertThat(Catalog.constraints(j, "public", "sites")).anyMatch(x -> x.startsWith("sites_deleted_ck: "));
            assertThat(call(j, "create_updated_at_trigger", "public", "sites")).isEqualTo("sites_updated_at_trigger");
        }
    }

    @Test
    void mixedCaseUnquotedArgumentsAreFoldedLikeRubyDoes(TestDatabase javaDb, TestDatabase rubyDb) throws SQLException {
        try (Connection j = java(javaDb);
                Connection r = ruby(rubyDb)) {
            for (Connection c : List.of(j, r)) {
                execute(c, "CREATE TABLE public.sites (id int)");
                call(c, "create_basic_audit_data", "Public", "Sites");
                call(c, "create_prevent_update_trigger", "PUBLIC", "Sites");
                call(c, "create_prevent_delete_trigger", "public", "SITES");
            }
            assertSameTable(j, r, "public", "sites");
            assertThat(Catalog.triggers(j, "public", "sites"))
                    .anyMatch(
                            x -> x.startsWith("CREATE TRIGGER sites_updated_at_trigger BEFORE UPDATE ON public.sites"));
            // The one visible difference: the Java version returns the name of the trigger it really created.
            assertThat(call(r, "create_updated_at_trigger", "public", "Sites")).isEqualTo("Sites_updated_at_trigger");
            assertThat(call(j, "create_updated_at_trigger", "public", "Sites")).isEqualTo("sites_updated_at_trigger");
        }
    }

    @Test
    void quotedArgumentsKeepTheirCase(TestDatabase javaDb, TestDatabase rubyDb) throws SQLException {
        try (Connection j = java(javaDb);
                Connection r = ruby(rubyDb)) {
            for (Connection c : List.of(j, r)) {
                execute(c, "CREATE SCHEMA \"Shop\"");
                execute(c, "CREATE TABLE \"Shop\".\"Sites\" (id int)");
                // No derived name: works under sem (Ruby) too.
                call(c, "create_basic_created_audit_data", "\"Shop\"", "\"Sites\"");
            }
            assertSameTable(j, r, "Shop", "Sites");
            assertThat(Catalog.columns(j, "Shop", "Sites"))
                    .contains(
                            "created_by_guid uuid not null",
                            "created_at timestamp with time zone not null default now()");

            // Derived names from a quoted table name are a syntax error under sem (Ruby); Java builds them from the
            // parsed name.
            assertThatThrownBy(() -> call(r, "create_basic_updated_audit_data", "\"Shop\"", "\"Sites\""))
                    .isInstanceOf(PSQLException.class);
            call(j, "create_basic_updated_audit_data", "\"Shop\"", "\"Sites\"");
            call(j, "create_basic_deleted_audit_data", "\"Shop\"", "\"Sites\"");
            assertThat(call(j, "create_prevent_update_trigger", "\"Shop\"", "\"Sites\""))
                    .isEqualTo("Sites_prevent_update_trigger");
            assertThat(Catalog.constraints(j, "Shop", "Sites")).anyMatch(x -> x.startsWith("Sites_deleted_ck: "));
            assertThat(Catalog.triggers(j, "Shop", "Sites"))
                    .containsExactly(
                            "CREATE TRIGGER \"Sites_prevent_immediate_delete_trigger\" BEFORE DELETE ON \"Shop\".\"Sites\""
                                    + " FOR EACH ROW EXECUTE FUNCTION schema_evolution_manager.prevent_immediate_delete()",
                            "CREATE TRIGGER \"Sites_prevent_update_trigger\" AFTER UPDATE ON \"Shop\".\"Sites\""
                                    + " FOR EACH ROW EXECUTE FUNCTION schema_evolution_manager.prevent_update()",
                            "CREATE TRIGGER \"Sites_updated_at_trigger\" BEFORE UPDATE ON \"Shop\".\"Sites\""
                                    + " FOR EACH ROW EXECUTE FUNCTION"
                                    + " schema_evolution_manager.set_updated_at_trigger_function()");
        }
    }

    @Test
    void derivedNamesLongerThan63BytesAreTruncatedLikeRubys(TestDatabase javaDb, TestDatabase rubyDb)
            throws SQLException {
        String table = "t".repeat(45); // every derived name is cut, none collide
        try (Connection j = java(javaDb);
                Connection r = ruby(rubyDb)) {
            for (Connection c : List.of(j, r)) {
                execute(c, "CREATE TABLE public." + table + " (id int)");
                call(c, "create_basic_audit_data", "public", table);
                call(c, "create_prevent_delete_trigger", "public", table);
            }
            assertSameTable(j, r, "public", table);
            assertThat(call(j, "create_prevent_update_trigger", "public", table))
                    .isEqualTo((table + "_prevent_update_trigger").substring(0, 63));
        }
    }

    @Test
    void injectionAttemptsRaiseAnErrorNamingTheArgumentAndChangeNothing(TestDatabase db) throws SQLException {
        try (Connection c = java(db)) {
            execute(c, "CREATE TABLE public.x (id int)");
            execute(c, "CREATE TABLE public.t (id int)");
            List<String> before = Catalog.table(c, "public", "t");

            for (String helper : DDL_HELPERS) {
                for (String table : new String[] {"t; drop table x", "public.t", "", "t\"", null}) {
                    PSQLException e = catchThrowableOfType(PSQLException.class, () -> call(c, helper, "public", table));
                    assertThat((Throwable) e).as(helper + " " + table).isNotNull();
                    assertThat(e.getSQLState()).isEqualTo("22023");
                    assertThat(e.getServerErrorMessage().getMessage())
                            .startsWith("schema_evolution_manager." + helper
                                    + ": argument p_table_name must be exactly one identifier, not ");
                }
                PSQLException e = catchThrowableOfType(
                        PSQLException.class, () -> call(c, helper, "public; drop table x; --", "t"));
                assertThat(e.getServerErrorMessage().getMessage())
                        .isEqualTo("schema_evolution_manager." + helper
                                + ": argument p_schema_name must be exactly one identifier,"
                                + " not 'public; drop table x; --'");
            }

            assertThat(string(c, "SELECT to_regclass('public.x') IS NOT NULL")).isEqualTo("t");
            assertThat(Catalog.table(c, "public", "t")).isEqualTo(before);
        }
    }

    @Test
    void namedNotationStillWorks(TestDatabase db) throws SQLException {
        try (Connection c = java(db)) {
            execute(c, "CREATE TABLE public.n (id int)");
            execute(
                    c,
                    "SELECT schema_evolution_manager.create_basic_created_audit_data("
                            + "p_table_name => 'n', p_schema_name => 'public')");
            assertThat(Catalog.columns(c, "public", "n")).hasSize(3);
        }
    }

    @Test
    void preventTriggersRaiseTheExactTextsWithP0001(TestDatabase db) throws SQLException {
        try (Connection c = java(db)) {
            execute(c, "CREATE TABLE public.pd (id int)");
            call(c, "create_prevent_delete_trigger", "public", "pd");
            execute(c, "INSERT INTO public.pd VALUES (1)");
            assertRaises(c, "DELETE FROM public.pd", "Physical deletes are not allowed on this table");

            execute(c, "CREATE TABLE public.pu (id int)");
            call(c, "create_prevent_update_trigger", "public", "pu");
            execute(c, "INSERT INTO public.pu VALUES (1)");
            assertRaises(c, "UPDATE public.pu SET id = 2", "Physical updates are not allowed on this table");

            execute(c, "CREATE TABLE public.audited (id int)");
            call(c, "create_basic_audit_data", "public", "audited");
            execute(
                    c,
                    "INSERT INTO public.audited (id, created_by_guid, updated_by_guid, updated_at)"
                            + " VALUES (1, gen_random_uuid(), gen_random_uuid(), '2000-01-01')");
            assertRaises(c, "DELETE FROM public.audited", "You must set the deleted_at column for this table");

            execute(c, "UPDATE public.audited SET deleted_at = now(), deleted_by_guid = gen_random_uuid()");
            assertThat(string(c, "SELECT updated_at > '2001-01-01' FROM public.audited"))
                    .as("set_updated_at_trigger_function moved updated_at")
                    .isEqualTo("t");
            assertRaises(
                    c,
                    "DELETE FROM public.audited",
                    "Physical deletes on this table can occur only after 1 month of deleting the records");

            assertRaises(
                    c,
                    "UPDATE public.audited SET deleted_at = NULL",
                    "new row for relation \"audited\" violates check constraint \"audited_deleted_ck\"");

            execute(c, "UPDATE public.audited SET deleted_at = now() - interval '2 months'");
            execute(c, "DELETE FROM public.audited");
            assertThat(string(c, "SELECT count(*) FROM public.audited")).isEqualTo("0");
        }
    }

    @Test
    void rubyAndJavaTriggerFunctionsRaiseTheSameTexts(TestDatabase javaDb, TestDatabase rubyDb) throws SQLException {
        try (Connection j = java(javaDb);
                Connection r = ruby(rubyDb)) {
            for (String fn : List.of("prevent_delete", "prevent_update", "prevent_immediate_delete")) {
                assertThat(raisedTexts(Catalog.functionSource(j, fn)))
                        .isEqualTo(raisedTexts(Catalog.functionSource(r, fn)));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> raisedTexts(String source) {
        return source.lines()
                .map(String::strip)
                .filter(l -> l.toLowerCase().startsWith("raise exception"))
                .map(l -> l.substring(l.indexOf('\'')))
                .toList();
    }

    private static Connection java(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        Bootstrap.run(c);
        return c;
    }

    private static Connection ruby(TestDatabase db) throws SQLException {
        Connection c = db.connect();
        RubySemFixture.bootstrap(c, RubyRelease.V0_9_58);
        return c;
    }

    private static String call(Connection c, String helper, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_evolution_manager." + helper + "(?, ?)::text")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void assertSameTable(Connection j, Connection r, String schema, String table) throws SQLException {
        assertThat(Catalog.table(j, schema, table)).isEqualTo(Catalog.table(r, schema, table));
    }

    private static void assertRaises(Connection c, String sql, String text) {
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> execute(c, sql));
        assertThat((Throwable) e).as(sql).isNotNull();
        assertThat(e.getServerErrorMessage().getMessage()).isEqualTo(text);
        if (!text.startsWith("new row")) {
            assertThat(e.getSQLState()).isEqualTo("P0001");
        }
    }
}
