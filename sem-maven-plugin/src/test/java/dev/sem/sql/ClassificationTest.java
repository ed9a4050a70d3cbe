package dev.sem.sql;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClassificationTest {

    static Stream<Arguments> statements() {
        StatementKind non = StatementKind.NON_TRANSACTIONAL;
        StatementKind tx = StatementKind.TRANSACTIONAL;
        StatementKind ctl = StatementKind.TRANSACTION_CONTROL;
        StatementKind boundary = StatementKind.COMMIT_BOUNDARY;
        return Stream.of(
                Arguments.of("CREATE INDEX CONCURRENTLY i ON t (a)", non, "CREATE INDEX CONCURRENTLY"),
                Arguments.of(
                        "create unique index concurrently if not exists i on t(a)", non, "CREATE INDEX CONCURRENTLY"),
                Arguments.of(
                        "/* c */ Create -- x\n Index /* y */ Concurrently i on t(a)", non, "CREATE INDEX CONCURRENTLY"),
                Arguments.of("DROP INDEX CONCURRENTLY i", non, "DROP INDEX CONCURRENTLY"),
                Arguments.of("REINDEX INDEX CONCURRENTLY i", non, "REINDEX CONCURRENTLY"),
                Arguments.of("reindex (verbose) table concurrently t", non, "REINDEX CONCURRENTLY"),
                Arguments.of("reindex (concurrently, verbose) table t", non, "REINDEX CONCURRENTLY"),
                Arguments.of("REINDEX SCHEMA app", non, "REINDEX SCHEMA"),
                Arguments.of("REINDEX DATABASE", non, "REINDEX DATABASE"),
                Arguments.of("REINDEX SYSTEM db", non, "REINDEX SYSTEM"),
                Arguments.of("VACUUM", non, "VACUUM"),
                Arguments.of("vacuum (analyze) t", non, "VACUUM"),
                Arguments.of("CLUSTER", non, "CLUSTER"),
                Arguments.of("cluster verbose", non, "CLUSTER"),
                Arguments.of("cluster (verbose)", non, "CLUSTER"),
                Arguments.of(
                        "ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
                        non,
                        "ALTER TABLE DETACH PARTITION CONCURRENTLY"),
                Arguments.of("CREATE DATABASE d", non, "CREATE DATABASE"),
                Arguments.of("DROP DATABASE IF EXISTS d", non, "DROP DATABASE"),
                Arguments.of("ALTER DATABASE d SET TABLESPACE ts", non, "ALTER DATABASE SET TABLESPACE"),
                Arguments.of("CREATE TABLESPACE ts LOCATION '/x'", non, "CREATE TABLESPACE"),
                Arguments.of("DROP TABLESPACE ts", non, "DROP TABLESPACE"),
                Arguments.of("ALTER SYSTEM SET work_mem = '8MB'", non, "ALTER SYSTEM"),
                Arguments.of("CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", non, "CREATE SUBSCRIPTION"),
                Arguments.of("DROP SUBSCRIPTION s", non, "DROP SUBSCRIPTION"),
                Arguments.of("ALTER SUBSCRIPTION s REFRESH PUBLICATION", non, "ALTER SUBSCRIPTION REFRESH PUBLICATION"),
                Arguments.of("ALTER SUBSCRIPTION s SET PUBLICATION p", non, "ALTER SUBSCRIPTION SET PUBLICATION"),
                Arguments.of("ALTER SUBSCRIPTION s ADD PUBLICATION p", non, "ALTER SUBSCRIPTION ADD PUBLICATION"),
                Arguments.of("ALTER SUBSCRIPTION s DROP PUBLICATION p", non, "ALTER SUBSCRIPTION DROP PUBLICATION"),
                Arguments.of("DISCARD ALL", non, "DISCARD ALL"),
                Arguments.of("COMMIT PREPARED 'x'", non, "COMMIT PREPARED"),
                Arguments.of("ROLLBACK PREPARED 'x'", non, "ROLLBACK PREPARED"),
                Arguments.of("ALTER TYPE mood ADD VALUE 'ok'", boundary, "ALTER TYPE ADD VALUE"),
                Arguments.of(
                        "alter type s.mood add value if not exists 'ok' before 'bad'",
                        boundary,
                        "ALTER TYPE ADD VALUE"),
                Arguments.of("BEGIN", ctl, "BEGIN"),
                Arguments.of("begin transaction isolation level serializable", ctl, "BEGIN"),
                Arguments.of("START TRANSACTION", ctl, "START TRANSACTION"),
                Arguments.of("COMMIT", ctl, "COMMIT"),
                Arguments.of("commit and chain", ctl, "COMMIT"),
                Arguments.of("END", ctl, "END"),
                Arguments.of("ROLLBACK", ctl, "ROLLBACK"),
                Arguments.of("rollback to savepoint a", ctl, "ROLLBACK"),
                Arguments.of("ABORT", ctl, "ABORT"),
                Arguments.of("SAVEPOINT a", ctl, "SAVEPOINT"),
                Arguments.of("RELEASE SAVEPOINT a", ctl, "RELEASE"),
                Arguments.of("PREPARE TRANSACTION 'x'", ctl, "PREPARE TRANSACTION"),
                // counter-examples
                Arguments.of("PREPARE q AS SELECT 1", tx, "PREPARE"),
                Arguments.of("REFRESH MATERIALIZED VIEW CONCURRENTLY v", tx, "REFRESH"),
                Arguments.of("CREATE INDEX i ON t (a)", tx, "CREATE INDEX"),
                Arguments.of("CREATE INDEX concurrently_idx ON t (a)", tx, "CREATE INDEX"),
                Arguments.of("REINDEX TABLE t", tx, "REINDEX"),
                Arguments.of("CLUSTER t USING i", tx, "CLUSTER"),
                Arguments.of("cluster verbose t", tx, "CLUSTER"),
                Arguments.of("ALTER TABLE p DETACH PARTITION c", tx, "ALTER TABLE"),
                Arguments.of("ALTER DATABASE d SET search_path = a", tx, "ALTER DATABASE"),
                Arguments.of("ALTER SUBSCRIPTION s DISABLE", tx, "ALTER SUBSCRIPTION"),
                Arguments.of("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", tx, "ALTER TYPE"),
                Arguments.of("DISCARD TEMP", tx, "DISCARD"),
                Arguments.of(
                        "create or replace function f() returns int language sql begin atomic select 1; end",
                        tx,
                        "CREATE OR REPLACE FUNCTION"),
                Arguments.of("do $$ begin commit; end $$", tx, "DO"),
                Arguments.of("select 'vacuum'", tx, "SELECT"),
                Arguments.of("\"vacuum\"", tx, "SQL"),
                Arguments.of("create table t (a int)", tx, "CREATE TABLE"));
    }

    @ParameterizedTest
    @MethodSource("statements")
    void classifies(String sql, StatementKind kind, String description) {
        SqlStatement s = Scripts.parse(sql + ";").statements().get(0);
        assertThat(s.kind()).as(sql).isEqualTo(kind);
        assertThat(s.description()).as(sql).isEqualTo(description);
    }

    @Test
    void scriptSummaries() {
        ParsedScript plain = Scripts.parse("create table t (a int); create index i on t(a);");
        assertThat(plain.hasTransactionControl()).isFalse();
        assertThat(plain.firstNonTransactional()).isEmpty();

        ParsedScript mixed = Scripts.parse("create table t (a int);\nalter type m add value 'x';\n"
                + "create index concurrently i on t(a);\nvacuum t;\ncommit;");
        assertThat(mixed.hasTransactionControl()).isTrue();
        assertThat(mixed.firstNonTransactional()).hasValueSatisfying(s -> {
            assertThat(s.line()).isEqualTo(3);
            assertThat(s.description()).isEqualTo("CREATE INDEX CONCURRENTLY");
        });
    }

    @Test
    void escapedSemicolonPartsAreClassifiedTogether() {
        SqlStatement s = Scripts.parse("select 1 \\; vacuum;").statements().get(0);
        assertThat(s.kind()).isEqualTo(StatementKind.NON_TRANSACTIONAL);
    }

    @Test
    void classificationSeesSubstitutedVariables() {
        ParsedScript script =
                new ScriptParser(Map.of("how", "concurrently"), null).parse("f.sql", "create index :how i on t(a);");
        assertThat(script.statements().get(0).kind()).isEqualTo(StatementKind.NON_TRANSACTIONAL);
    }
}
