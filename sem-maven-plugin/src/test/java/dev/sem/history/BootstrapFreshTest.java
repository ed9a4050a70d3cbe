package dev.sem.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.history.Catalog.execute;
import static dev.sem.history.Catalog.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class BootstrapFreshTest {

    private static final String S = "schema_evolution_manager";
    private static final List<String> ALL = List.of(
            "20130318-105434.sql",
            "20130318-105456.sql",
            "20260717-000000.sql",
            "20261121-090000.sql",
            "20261121-090100.sql");

    @Test
    void entriesAreTheThreeUpstreamOnesThenOursInNameOrder() {
        List<BootstrapEntry> entries = Bootstrap.entries();
        assertThat(entries).extracting(BootstrapEntry::name).containsExactlyElementsOf(ALL);
        assertThat(entries).extracting(BootstrapEntry::upstream).containsExactly(true, true, true, false, false);
        assertThat(entries.stream().map(BootstrapEntry::name).sorted().toList()).containsExactlyElementsOf(ALL);
        assertThat(entries).allSatisfy(e -> assertThat(e.name()).matches("\\d{6,}-\\d{6}\\.sql"));
        // No transaction control and no search_path change in the entries' SQL.
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.sql().toLowerCase())
                        .doesNotContain("search_path")
                        .doesNotContain("commit;")
                        .doesNotContain("begin;"));
    }

    @Test
    void freshDatabaseGetsExactlyTheContract(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            String searchPath = string(c, "SHOW search_path");
            BootstrapResult result = Bootstrap.run(c);

            assertThat(result.entryNames()).containsExactlyElementsOf(ALL);
            assertThat(result.warnings()).isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(string(c, "SHOW search_path")).isEqualTo(searchPath);
            assertThat(Catalog.bootstrapRows(c)).containsExactlyElementsOf(ALL);

            assertThat(Catalog.columns(c, S, "scripts"))
                    .containsExactly(
                            "id bigint not null default nextval('schema_evolution_manager.scripts_id_seq'::regclass)",
                            "filename character varying(100) not null",
                            "created_at timestamp with time zone not null default now()");
            assertThat(Catalog.constraints(c, S, "scripts"))
                    .containsExactly("scripts_filename_un: UNIQUE (filename)", "scripts_id_pk: PRIMARY KEY (id)");
            assertThat(Catalog.comment(c, S, "scripts"))
                    .isEqualTo("\n      When a script is applied to this database, the script is recorded\n"
                            + "      here. This table is the used to ensure scripts are applied at most\n"
                            + "      once to this database.\n    ");

            assertThat(Catalog.columns(c, S, "bootstrap_scripts"))
                    .containsExactly(
                            "id bigint not null default"
                                    + " nextval('schema_evolution_manager.bootstrap_scripts_id_seq'::regclass)",
                            "filename character varying(100) not null",
                            "created_at timestamp with time zone not null default now()");
            assertThat(Catalog.constraints(c, S, "bootstrap_scripts"))
                    .containsExactly(
                            "bootstrap_scripts_filename_un: UNIQUE (filename)",
                            "bootstrap_scripts_id_pk: PRIMARY KEY (id)");
            assertThat(Catalog.comment(c, S, "bootstrap_scripts"))
                    .isEqualTo("\n      Internal list of schema_evolution_manager sql scripts applied. Used only for"
                            + " upgrades\n      to schema_evolution_manager itself.\n    ");

            assertThat(Catalog.columns(c, S, "versions"))
                    .containsExactly(
                            "id bigint not null default nextval('schema_evolution_manager.versions_id_seq'::regclass)",
                            "version character varying(100) not null",
                            "created_at timestamp with time zone not null default now()");
            assertThat(Catalog.constraints(c, S, "versions")).containsExactly("versions_id_pk: PRIMARY KEY (id)");
            assertThat(Catalog.comment(c, S, "versions"))
                    .isEqualTo("Records the released repository version applied to this database."
                            + " Latest row (max id) is the deployed schema version.");

            // Nothing added to sem's tables: no triggers, no extra indexes.
            for (String table : List.of("scripts", "bootstrap_scripts", "versions")) {
                assertThat(Catalog.triggers(c, S, table)).isEmpty();
                assertThat(Catalog.indexes(c, S, table)).hasSize(table.equals("versions") ? 1 : 2);
            }
            // Exactly the 12 helpers: no temporary function left behind.
            assertThat(Catalog.strings(
                            c,
                            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                                    + " WHERE n.nspname = ? ORDER BY 1",
                            S))
                    .containsExactlyElementsOf(RubySemFixture.HELPER_FUNCTIONS);
            assertThat(Catalog.relations(c, S))
                    .contains(
                            "bootstrap_scripts_id_seq S",
                            "scripts_id_seq S",
                            "versions_id_seq S",
                            "sem_java_script_checksums r",
                            "sem_java_checksum_acceptances r",
                            "sem_java_script_progress r");
            // The schema belongs to the connecting role.
            assertThat(string(
                            c,
                            "SELECT nspowner::regrole::text = current_user FROM pg_namespace WHERE nspname = '" + S
                                    + "'"))
                    .isEqualTo("t");
        }
    }

    @Test
    void runningAgainDoesNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            String created = string(c, "SELECT max(created_at)::text FROM " + S + ".bootstrap_scripts");

            BootstrapResult again = Bootstrap.run(c);

            assertThat(again.entries()).isEmpty();
            assertThat(again.upToDate()).isTrue();
            assertThat(Catalog.bootstrapRows(c)).containsExactlyElementsOf(ALL);
            assertThat(string(c, "SELECT max(created_at)::text FROM " + S + ".bootstrap_scripts"))
                    .isEqualTo(created);
            assertThat(Bootstrap.plan(c).entries()).isEmpty();
        }
    }

    @Test
    void everyEntryIsIdempotent(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            Bootstrap.run(c);
            List<String> before = Catalog.relations(c, S);
            for (BootstrapEntry entry : Bootstrap.entries()) {
                execute(c, entry.sql());
            }
            assertThat(Catalog.relations(c, S)).isEqualTo(before);
        }
    }

    @Test
    void sameCatalogAsRubyForSemsOwnObjects(TestDatabase java, TestDatabase ruby) throws SQLException {
        try (Connection j = java.connect();
                Connection r = ruby.connect()) {
            Bootstrap.run(j);
            RubySemFixture.bootstrap(r, RubyRelease.V0_9_58);

            for (String table : List.of("scripts", "bootstrap_scripts", "versions")) {
                assertThat(Catalog.table(j, S, table)).as(table).isEqualTo(Catalog.table(r, S, table));
            }
            assertThat(Catalog.functions(j, S)).isEqualTo(Catalog.functions(r, S));
            assertThat(Catalog.relations(j, S).stream()
                            .filter(x -> !x.startsWith("sem_java_"))
                            .toList())
                    .isEqualTo(Catalog.relations(r, S));
            assertThat(Catalog.bootstrapRows(j).subList(0, 3)).isEqualTo(Catalog.bootstrapRows(r));
        }
    }

    @Test
    void emptyPreCreatedSchemaIsTreatedAsFresh(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "CREATE SCHEMA " + S);

            assertThat(Bootstrap.plan(c).entryNames()).containsExactlyElementsOf(ALL);
            BootstrapResult result = Bootstrap.run(c);

            assertThat(result.entryNames()).containsExactlyElementsOf(ALL);
            assertThat(Catalog.bootstrapRows(c)).containsExactlyElementsOf(ALL);
            assertThat(Catalog.constraints(c, S, "scripts")).hasSize(2);
        }
    }

    @Test
    void planOnAnAbsentSchemaListsEverythingAndWritesNothing(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            String namespacesBefore = string(c, "SELECT count(*) FROM pg_namespace");

            BootstrapResult plan = Bootstrap.plan(c);

            assertThat(plan.entries()).containsExactlyElementsOf(Bootstrap.entries());
            assertThat(plan.warnings()).isEmpty();
            assertThat(History.schemaExists(c)).isFalse();
            assertThat(string(c, "SELECT count(*) FROM pg_namespace")).isEqualTo(namespacesBefore);
            assertThat(c.getAutoCommit()).isTrue();
            // The connection is usable for writes again after the read-only plan.
            execute(c, "CREATE TABLE after_plan (id int)");
        }
    }

    @Test
    void planInsideACallersTransactionLeavesItAlone(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            execute(c, "CREATE TABLE mine (id int)");

            assertThat(Bootstrap.plan(c).entries()).hasSize(5);

            c.commit();
            c.setAutoCommit(true);
            assertThat(string(c, "SELECT to_regclass('public.mine') IS NOT NULL"))
                    .isEqualTo("t");
            assertThatThrownBy(() -> {
                        c.setAutoCommit(false);
                        try {
                            Bootstrap.run(c);
                        } finally {
                            c.rollback();
                            c.setAutoCommit(true);
                        }
                    })
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
