package dev.sem.lint;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.lint.Lint.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rule with a script it flags and a script it lets pass (all rules on, opt-in ones included). */
class LintRulesTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(
                        "adding-field-with-default",
                        "ALTER TABLE app.users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                        "ALTER TABLE app.users ADD COLUMN created_at timestamptz DEFAULT now();"),
                Arguments.of(
                        "adding-foreign-key-constraint",
                        "ALTER TABLE app.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)"
                                + " REFERENCES app.users (id);",
                        "ALTER TABLE app.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)"
                                + " REFERENCES app.users (id) NOT VALID;"),
                Arguments.of(
                        "adding-not-nullable-field",
                        "ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;",
                        NONE
                                + "ALTER TABLE app.users DROP CONSTRAINT IF EXISTS users_email_nn;\n"
                                + "ALTER TABLE app.users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL)"
                                + " NOT VALID;\n"
                                + "ALTER TABLE app.users VALIDATE CONSTRAINT users_email_nn;\n"
                                + "ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;"),
                Arguments.of(
                        "adding-required-field",
                        "ALTER TABLE app.users ADD COLUMN tenant_id bigint NOT NULL;",
                        "ALTER TABLE app.users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;"),
                Arguments.of(
                        "adding-serial-primary-key-field",
                        "ALTER TABLE app.events ADD PRIMARY KEY (id);",
                        "ALTER TABLE app.events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;"),
                Arguments.of(
                        "ban-alter-domain-with-add-constraint",
                        "ALTER DOMAIN app.email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%');",
                        "ALTER DOMAIN app.email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID;"),
                Arguments.of(
                        "ban-char-field",
                        "CREATE TABLE app.codes (code char(3));",
                        "CREATE TABLE app.codes (code text, flag \"char\");"),
                Arguments.of(
                        "ban-concurrent-index-creation-in-transaction",
                        "DO $$ BEGIN EXECUTE 'CREATE INDEX CONCURRENTLY i ON app.t (c)'; END $$;",
                        "DO $$ BEGIN EXECUTE 'CREATE INDEX i ON app.t (c)'; END $$;"),
                Arguments.of(
                        "ban-create-domain-with-constraint",
                        "CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');",
                        "CREATE DOMAIN app.email AS text;"),
                Arguments.of(
                        "ban-drop-column",
                        "ALTER TABLE app.users DROP COLUMN legacy;",
                        "CREATE TABLE app.scratch (a bigint, b bigint);\nALTER TABLE app.scratch DROP COLUMN b;"),
                Arguments.of(
                        "ban-drop-database",
                        NONE + "DROP DATABASE IF EXISTS legacy;",
                        NONE + "DROP SCHEMA IF EXISTS legacy;"),
                Arguments.of(
                        "ban-drop-not-null",
                        "ALTER TABLE app.users ALTER COLUMN nick DROP NOT NULL;",
                        "ALTER TABLE app.users ALTER COLUMN nick DROP DEFAULT;"),
                Arguments.of(
                        "ban-drop-table",
                        "DROP TABLE app.old_users;",
                        "CREATE TABLE app.scratch (a bigint);\nDROP TABLE app.scratch;"),
                Arguments.of(
                        "ban-duplicate-column-assignments",
                        "UPDATE app.users SET name = 'a', nick = 'n', name = 'b';",
                        "UPDATE app.users SET name = 'a', nick = 'n', address.city = 'x', address.zip = 'y';"),
                Arguments.of("ban-truncate-cascade", "TRUNCATE app.sessions CASCADE;", "TRUNCATE app.sessions;"),
                Arguments.of(
                        "ban-uncommitted-transaction",
                        NONE + "BEGIN;\nINSERT INTO app.t VALUES (1);",
                        NONE + "BEGIN;\nINSERT INTO app.t VALUES (1);\nCOMMIT;"),
                Arguments.of(
                        "changing-column-type",
                        "ALTER TABLE app.users ALTER COLUMN id TYPE bigint;",
                        "CREATE TABLE app.t (id integer);\nALTER TABLE app.t ALTER COLUMN id TYPE bigint;"),
                Arguments.of(
                        "constraint-missing-not-valid",
                        "ALTER TABLE app.accounts ADD CONSTRAINT positive CHECK (balance >= 0);",
                        "ALTER TABLE app.accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;"),
                Arguments.of(
                        "disallowed-unique-constraint",
                        "ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE (email);",
                        "ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;"),
                Arguments.of(
                        "identifier-too-long",
                        "CREATE TABLE app.t (" + "c".repeat(64) + " text);",
                        "CREATE TABLE app.t (" + "c".repeat(63) + " text);"),
                Arguments.of(
                        "prefer-bigint-over-int",
                        "CREATE TABLE app.t (id integer PRIMARY KEY);",
                        "CREATE TABLE app.t (id bigint PRIMARY KEY, quantity integer);"),
                Arguments.of(
                        "prefer-bigint-over-smallint",
                        "CREATE TABLE app.t (id smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
                        "CREATE TABLE app.t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, rank smallint);"),
                Arguments.of(
                        "prefer-identity",
                        "CREATE TABLE app.t (id bigserial PRIMARY KEY);",
                        "CREATE TABLE app.t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"),
                Arguments.of("prefer-repack", "CLUSTER app.t USING t_pkey;", NONE + "VACUUM (ANALYZE) app.t;"),
                Arguments.of(
                        "prefer-robust-stmts",
                        NONE + "CREATE TABLE app.t (id bigint);",
                        NONE + "CREATE TABLE IF NOT EXISTS app.t (id bigint);"),
                Arguments.of(
                        "prefer-text-field",
                        "CREATE TABLE app.t (name varchar(100));",
                        "CREATE TABLE app.t (name text, code varchar);"),
                Arguments.of(
                        "prefer-timestamptz",
                        "CREATE TABLE app.t (at timestamp(3) without time zone);",
                        "CREATE TABLE app.t (at timestamp(3) with time zone, bt timestamptz);"),
                Arguments.of(
                        "renaming-column",
                        "ALTER TABLE app.users RENAME COLUMN name TO full_name;",
                        "ALTER TABLE app.users RENAME CONSTRAINT users_a TO users_b;"),
                Arguments.of(
                        "renaming-table",
                        "ALTER TABLE app.users RENAME TO accounts;",
                        "CREATE TABLE app.draft (id bigint);\nALTER TABLE app.draft RENAME TO final;"),
                Arguments.of(
                        "require-concurrent-index-creation",
                        "CREATE INDEX users_email_idx ON app.users (email);",
                        NONE + "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON app.users (email);"),
                Arguments.of(
                        "require-concurrent-index-deletion",
                        "DROP INDEX app.users_email_idx;",
                        NONE + "DROP INDEX CONCURRENTLY IF EXISTS app.users_email_idx;"),
                Arguments.of(
                        "require-concurrent-partition-detach",
                        "ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020;",
                        NONE + "ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020 CONCURRENTLY;"),
                Arguments.of(
                        "require-concurrent-reindex",
                        "REINDEX INDEX app.users_email_idx;",
                        NONE + "REINDEX INDEX CONCURRENTLY app.users_email_idx;"),
                Arguments.of(
                        "require-enum-value-ordering",
                        "ALTER TYPE app.mood ADD VALUE 'meh';",
                        "ALTER TYPE app.mood ADD VALUE 'meh' AFTER 'ok';"),
                Arguments.of(
                        "require-lock-timeout",
                        "SET LOCAL lock_timeout = 0;\nALTER TABLE app.users ADD COLUMN note text;",
                        "ALTER TABLE app.users ADD COLUMN note text;"),
                Arguments.of(
                        "require-statement-timeout",
                        "ALTER TABLE app.users ADD COLUMN note text;",
                        "SET LOCAL statement_timeout = '5s';\nALTER TABLE app.users ADD COLUMN note text;"),
                Arguments.of(
                        "require-table-schema",
                        "CREATE TABLE users (id bigint);",
                        "CREATE TABLE app.users (id bigint);\nCREATE TEMP TABLE scratch (id bigint);"),
                Arguments.of(
                        "transaction-nesting",
                        "BEGIN;\nCREATE TABLE app.t (id bigint);\nCOMMIT;",
                        NONE + "BEGIN;\nCREATE TABLE IF NOT EXISTS app.t (id bigint);\nCOMMIT;"),
                Arguments.of(
                        "unused-ignore",
                        "-- sem-lint-ignore: ban-drop-column\nALTER TABLE app.users ADD COLUMN note text;",
                        "-- sem-lint-ignore: ban-drop-column\nALTER TABLE app.users DROP COLUMN note;"));
    }

    @ParameterizedTest(name = "{0} flags")
    @MethodSource("rules")
    void flags(String rule, String failing, String passing) {
        assertThat(Lint.rules(Lint.lint(Lint.allRules(), failing))).contains(rule);
    }

    @ParameterizedTest(name = "{0} passes")
    @MethodSource("rules")
    void passes(String rule, String failing, String passing) {
        assertThat(Lint.rules(Lint.lint(Lint.allRules(), passing))).doesNotContain(rule);
    }

    @Test
    void everyRuleHasAnExample() {
        Set<String> covered = rules().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Rule.values()).map(Rule::id).toList());
        assertThat(EnumSet.allOf(Rule.class)).hasSize(covered.size());
    }
}
