package dev.sem.pkg;

import java.sql.Connection;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.pkg.TestPackages.column;
import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.exec;
import static dev.sem.pkg.TestPackages.one;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grants and ownership of §13 on a real PostgreSQL, pinning down pgpm defects 37 (owner role with triggers), 38
 * (incomplete change of owner, unquoted owner), 39 (missing grants) and 41 (SQL built by string formatting).
 */
@ExtendWith(TestPostgres.class)
class PackageGrantsTest {

    static void role(Connection c, String name) throws Exception {
        exec(
                c,
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + name.replace("'", "''")
                        + "') THEN CREATE ROLE \"" + name.replace("\"", "\"\"") + "\"; END IF; END $$");
    }

    /** One object of every kind §13 re-owns, and a trigger. */
    static TestPackages everything() {
        return pkg("kinds", "1_0_0")
                .types(
                        "types/all.sql",
                        "CREATE TYPE pair AS (a int, b int);\nCREATE TYPE mood AS ENUM ('ok', 'sad');\n"
                                + "CREATE TYPE span AS RANGE (subtype = int4);\nCREATE DOMAIN positive AS int CHECK (VALUE > 0);")
                .tables(
                        "tables/1.sql",
                        "CREATE TABLE item (id serial PRIMARY KEY, m mood, p positive);\n"
                                + "CREATE TABLE part (k int) PARTITION BY RANGE (k);\n"
                                + "CREATE TABLE part_1 PARTITION OF part FOR VALUES FROM (0) TO (10);\n"
                                + "CREATE SEQUENCE ticket;")
                .functions(
                        "functions/f.sql",
                        "CREATE OR REPLACE FUNCTION f(x pair) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                                + "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';\n"
                                + "CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);\n"
                                + "CREATE OR REPLACE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS"
                                + " $$ BEGIN RETURN NEW; END $$;")
                .views(
                        "views/v.sql",
                        "CREATE VIEW items AS SELECT * FROM item;\nCREATE MATERIALIZED VIEW counts AS SELECT count(*)"
                                + " FROM item;")
                .triggers(
                        "triggers/t.sql",
                        "CREATE TRIGGER stamp BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION stamp();");
    }

    @Test
    void anOwnerRoleWithTriggersDeploysAndTheTriggersAreSkipped(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            role(c, "Ops Team");
        }
        DeployResult r = deploy(db, everything().owner("Ops Team").build());
        assertThat(r.success()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM pg_trigger WHERE tgname = 'stamp'"))
                    .isEqualTo("1");
            assertThat(one(c, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'kinds_1_0_0'"))
                    .isEqualTo("\"Ops Team\"");
        }
    }

    @Test
    void everyObjectKindIsReownedByAMixedCaseOwner(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            role(c, "Ops Team");
        }
        deploy(db, everything().owner("Ops Team").build());
        try (Connection c = db.connect()) {
            String ns = "(SELECT oid FROM pg_namespace WHERE nspname = 'kinds_1_0_0')";
            assertThat(column(
                            c,
                            "SELECT relname || ' ' || relowner::regrole FROM pg_class WHERE relnamespace = " + ns
                                    + " AND relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY 1"))
                    .containsExactly(
                            "counts \"Ops Team\"",
                            "item \"Ops Team\"",
                            "item_id_seq \"Ops Team\"",
                            "items \"Ops Team\"",
                            "part \"Ops Team\"",
                            "part_1 \"Ops Team\"",
                            "ticket \"Ops Team\"");
            assertThat(column(
                            c,
                            "SELECT proname || ' ' || proowner::regrole FROM pg_proc WHERE pronamespace = " + ns
                                    + " AND proname NOT LIKE 'span%' ORDER BY 1"))
                    .containsExactly("f \"Ops Team\"", "p \"Ops Team\"", "stamp \"Ops Team\"", "total \"Ops Team\"");
            assertThat(column(
                            c,
                            "SELECT typname || ' ' || typowner::regrole FROM pg_type WHERE typnamespace = " + ns
                                    + " AND typname IN ('pair', 'mood', 'span', 'positive') ORDER BY 1"))
                    .containsExactly(
                            "mood \"Ops Team\"", "pair \"Ops Team\"", "positive \"Ops Team\"", "span \"Ops Team\"");
        }
    }

    @Test
    void usageRolesGetTheDocumentedGrantSetAndPublicNothing(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            role(c, "Ops Team");
            role(c, "app reader");
            role(c, "outsider");
        }
        deploy(
                db,
                everything().owner("Ops Team").usage("app reader").build(),
                DeployOptions.defaults().withGrants(true, true, true, true).withRevokeTypeUsage(true));
        try (Connection c = db.connect()) {
            String s = "kinds_1_0_0";
            assertThat(column(
                            c,
                            "SELECT has_schema_privilege('app reader', '" + s + "', 'USAGE')"
                                    + " || ' ' || has_function_privilege('app reader', '" + s + ".f(" + s
                                    + ".pair)', 'EXECUTE')"
                                    + " || ' ' || has_table_privilege('app reader', '" + s + ".items', 'SELECT')"
                                    + " || ' ' || has_table_privilege('app reader', '" + s + ".counts', 'SELECT')"
                                    + " || ' ' || has_table_privilege('app reader', '" + s + ".item', 'SELECT')"
                                    + " || ' ' || has_sequence_privilege('app reader', '" + s + ".ticket', 'USAGE')"
                                    + " || ' ' || has_type_privilege('app reader', '" + s + ".mood', 'USAGE')"))
                    .containsExactly("true true true true false true true");
            assertThat(column(
                            c,
                            "SELECT has_schema_privilege('outsider', '" + s + "', 'USAGE')"
                                    + " || ' ' || has_function_privilege('outsider', '" + s + ".f(" + s
                                    + ".pair)', 'EXECUTE') || ' ' || has_type_privilege('outsider', '" + s
                                    + ".mood', 'USAGE')"))
                    .containsExactly("false false false");
            exec(
                    c,
                    "SET ROLE \"Ops Team\"; CREATE FUNCTION " + s + ".later() RETURNS int LANGUAGE sql AS 'SELECT 2';"
                            + " RESET ROLE");
            assertThat(one(c, "SELECT has_function_privilege('app reader', '" + s + ".later()', 'EXECUTE')"))
                    .isEqualTo("t");
        }
    }

    @Test
    void aUsageRoleCanBindItsSessionWithSetSearchPathRightAfterTheDeploy(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            role(c, "app reader");
        }
        deploy(
                db,
                pkg("api", "1_0_0")
                        .usage("app reader")
                        .functions(
                                "functions/hello.sql",
                                "CREATE FUNCTION hello() RETURNS text LANGUAGE sql AS $$ SELECT 'hello'::text $$;")
                        .build());
        try (Connection c = db.connect()) {
            exec(c, "SET ROLE \"app reader\"");
            assertThat(one(c, "SELECT sem_packages.set_search_path('api', '1_x') ->> 'schema'"))
                    .isEqualTo("api_1_0_0");
            assertThat(one(c, "SELECT hello()")).isEqualTo("hello");
            exec(c, "RESET ROLE");
            assertThat(one(c, "SELECT has_schema_privilege('app reader', 'sem_packages', 'CREATE')"))
                    .isEqualTo("f");
        }
    }

    @Test
    void quotedIdentifiersAndBoundValuesMakeHostileNamesHarmless(TestDatabase db) throws Exception {
        String hostile = "x'); DROP TABLE victim; --";
        try (Connection c = db.connect()) {
            role(c, "Ops Team");
            exec(c, "CREATE TABLE victim (x int)");
        }
        DeployResult r = deploy(
                db,
                pkg("safe_names", "1_0_0")
                        .owner("Ops Team")
                        .usage("Ops Team")
                        .functions("functions/f.sql", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';")
                        .build(),
                DeployOptions.defaults().withVcs(hostile, hostile).withIssue(hostile, hostile));
        assertThat(r.success()).isTrue();
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT to_regclass('public.victim') IS NOT NULL"))
                    .isEqualTo("t");
            assertThat(column(c, "SELECT vcs_ref FROM sem_packages.events")).isEqualTo(List.of(hostile));
            assertThat(one(c, "SELECT has_function_privilege('Ops Team', 'safe_names_1_0_0.f()', 'EXECUTE')"))
                    .isEqualTo("t");
        }
    }
}
