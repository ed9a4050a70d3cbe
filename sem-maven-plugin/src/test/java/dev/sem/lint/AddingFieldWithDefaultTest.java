package dev.sem.lint;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code adding-field-with-default}: on PostgreSQL 11+ only a volatile default rewrites the table. {@code now()} is
 * STABLE (one value for the whole statement), so it is stored once in the catalog like a constant.
 */
class AddingFieldWithDefaultTest {

    private static final String RULE = "adding-field-with-default";

    private static List<String> rules(String column) {
        return Lint.rules("ALTER TABLE app.users ADD COLUMN " + column + ";");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x double precision DEFAULT random()",
                "x timestamptz DEFAULT clock_timestamp()",
                "x text DEFAULT timeofday()",
                "x uuid DEFAULT gen_random_uuid()",
                "x uuid DEFAULT uuid_generate_v4()",
                "x uuid DEFAULT uuid_generate_v1mc()",
                "x bigint DEFAULT nextval('app.seq')",
                "x bigint DEFAULT nextval('app.seq'::regclass) NOT NULL",
                "x double precision DEFAULT pg_catalog.random()",
                "x integer DEFAULT (random() * 10)::integer",
                "x text DEFAULT 'k-' || md5(random()::text)",
                "x bigint DEFAULT (SELECT nextval('app.seq'))"
            })
    void volatileDefaultsRewrite(String column) {
        assertThat(rules(column)).contains(RULE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x integer DEFAULT 0",
                "x text DEFAULT 'random()'",
                "x boolean DEFAULT true NOT NULL",
                "x text DEFAULT NULL",
                "x timestamptz DEFAULT now()",
                "x timestamptz DEFAULT pg_catalog.now()",
                "x timestamptz DEFAULT now() + interval '1 day'",
                "x timestamptz DEFAULT current_timestamp",
                "x timestamptz DEFAULT CURRENT_TIMESTAMP(3)",
                "x date DEFAULT CURRENT_DATE",
                "x timestamptz DEFAULT statement_timestamp()",
                "x text DEFAULT current_user",
                "x jsonb DEFAULT '{}'::jsonb",
                "x numeric DEFAULT '1.5'::numeric(10,2)",
                "x varchar DEFAULT CAST('a' AS varchar(3))",
                "x text DEFAULT lower('ABC')",
                "x uuid DEFAULT uuid_generate_v5(uuid_ns_url(), 'https://example.com')",
                "x integer[] DEFAULT ARRAY[1, 2]",
                "x integer DEFAULT coalesce(NULL, 1)",
                "x text DEFAULT current_setting('app.region')",
                "x integer GENERATED ALWAYS AS (y * 2) VIRTUAL"
            })
    void constantAndStableDefaultsDoNotRewrite(String column) {
        assertThat(rules(column)).doesNotContain(RULE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "id bigserial",
                "id serial NOT NULL",
                "id bigint GENERATED ALWAYS AS IDENTITY",
                "total numeric GENERATED ALWAYS AS (price * qty) STORED"
            })
    void sequencesIdentityAndStoredGeneratedColumnsRewrite(String column) {
        assertThat(rules(column)).contains(RULE);
    }

    @Test
    void messageNamesTheVolatileFunction() {
        List<Finding> findings =
                Lint.lint("ALTER TABLE app.users\n  ADD COLUMN token uuid DEFAULT gen_random_uuid();").stream()
                        .filter(f -> f.rule().equals(RULE))
                        .toList();
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.toString())
                .isEqualTo("File[./scripts/20260101-120000.sql] line 2: [adding-field-with-default] DEFAULT"
                        + " gen_random_uuid() on new column app.users.token is volatile (gen_random_uuid() gives each"
                        + " row its own value), so ADD COLUMN rewrites app.users under an ACCESS EXCLUSIVE lock."
                        + " Instead: add the column without that default, SET DEFAULT for new rows, and backfill"
                        + " existing rows in batches");
    }

    @Test
    void unknownFunctionsAreFlaggedAsPossiblyVolatile() {
        Finding f = Lint.lint("ALTER TABLE app.users ADD COLUMN code text DEFAULT app.make_code();").stream()
                .filter(x -> x.rule().equals(RULE))
                .findFirst()
                .orElseThrow();
        assertThat(f.message())
                .isEqualTo("DEFAULT app.make_code() on new column app.users.code calls make_code(), which sem cannot"
                        + " prove stable or immutable; if it is volatile, ADD COLUMN rewrites app.users under an ACCESS"
                        + " EXCLUSIVE lock.");
        assertThat(f.safeAlternative()).contains("if make_code() is STABLE or IMMUTABLE, mark the statement with");
    }

    @Test
    void beforePostgres11AnyNonNullDefaultRewrites() {
        LintConfig pg10 = LintConfig.defaults().withPostgresVersion(10);
        assertThat(Lint.rules(Lint.lint(pg10, "ALTER TABLE app.users ADD COLUMN n integer DEFAULT 0;")))
                .contains(RULE);
        assertThat(Lint.rules(Lint.lint(pg10, "ALTER TABLE app.users ADD COLUMN n integer DEFAULT NULL;")))
                .doesNotContain(RULE);
        assertThat(Lint.rules(Lint.lint(pg10, "ALTER TABLE app.users ADD COLUMN n integer;")))
                .doesNotContain(RULE);
    }

    @Test
    void tablesCreatedInTheSameScriptAreExempt() {
        assertThat(Lint.rules("CREATE TABLE app.t (id bigint);\n"
                        + "ALTER TABLE app.t ADD COLUMN token uuid DEFAULT gen_random_uuid();"))
                .doesNotContain(RULE);
    }
}
