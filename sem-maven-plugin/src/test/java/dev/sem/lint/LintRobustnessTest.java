package dev.sem.lint;

import java.util.List;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.Token;
import org.junit.jupiter.api.Test;

import static dev.sem.lint.Lint.NONE;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The linter reads whatever the parser accepts (it is not a SQL parser): no prefix of a statement makes it throw. */
class LintRobustnessTest {

    private static final List<String> STATEMENTS = List.of(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON ONLY app.t USING btree ((lower(c)), d DESC)"
                    + " WHERE (x > 0)",
            "ALTER TABLE IF EXISTS ONLY app.t * ADD COLUMN IF NOT EXISTS c varchar(10) DEFAULT nextval('s')"
                    + " NOT NULL, ADD CONSTRAINT k CHECK ((c IS NOT NULL)) NOT VALID, ALTER COLUMN d SET DATA TYPE"
                    + " timestamp(3) USING d::timestamp, DROP COLUMN IF EXISTS e CASCADE, VALIDATE CONSTRAINT k,"
                    + " DETACH PARTITION p FINALIZE, RENAME COLUMN a TO b",
            "CREATE TABLE IF NOT EXISTS app.t (id serial PRIMARY KEY, c char(2) COLLATE \"C\", LIKE app.u,"
                    + " CONSTRAINT pk PRIMARY KEY (id, c), g int GENERATED ALWAYS AS (id * 2) STORED)",
            "INSERT INTO app.t AS x (a, b) SELECT 1, 2 ON CONFLICT (a) DO UPDATE SET (a, b) = (1, 2), c = 3"
                    + " RETURNING *",
            "WITH u AS (UPDATE app.t SET a = 1 RETURNING *) UPDATE ONLY app.v SET a = 2 FROM u WHERE v.id = u.id",
            "SELECT set_config('lock_timeout', '0', true), set_config('statement_timeout', '1s', false)",
            "REINDEX (VERBOSE, CONCURRENTLY false) TABLE CONCURRENTLY app.t",
            "VACUUM (FULL 0, ANALYZE) app.t",
            "TRUNCATE TABLE ONLY app.t, app.u RESTART IDENTITY CASCADE",
            "DROP MATERIALIZED VIEW CONCURRENTLY IF EXISTS app.m, app.n CASCADE",
            "ALTER TYPE app.e ADD VALUE IF NOT EXISTS 'x' BEFORE 'y'",
            "ALTER DOMAIN app.d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID",
            "CREATE DOMAIN app.d AS int CONSTRAINT c CHECK (VALUE > 0)",
            "SET SESSION lock_timeout TO '1s'",
            "CREATE TRIGGER t BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.f()");

    @Test
    void everyPrefixOfEveryStatementLints() {
        for (String statement : STATEMENTS) {
            List<Token> tokens = SqlLexer.tokenize(statement);
            for (int n = 1; n <= tokens.size(); n++) {
                Token last = tokens.get(n - 1);
                String prefix =
                        statement.substring(0, last.offset() + last.text().length());
                for (String mode : List.of("", NONE)) {
                    String script = mode + prefix + ";\n";
                    assertThatCode(() -> Lint.lint(Lint.allRules(), script))
                            .as(script)
                            .doesNotThrowAnyException();
                }
            }
        }
    }
}
