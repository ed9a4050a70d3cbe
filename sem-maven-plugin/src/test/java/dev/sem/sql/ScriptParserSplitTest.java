package dev.sem.sql;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.sql.Scripts.parse;
import static dev.sem.sql.Scripts.sqls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserSplitTest {

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of("select 1; select 2;", List.of("select 1", "select 2")),
                Arguments.of("select 1;\nselect 2", List.of("select 1", "select 2")),
                Arguments.of("select 1;;\n;  -- tail\n/* tail */\n", List.of("select 1")),
                Arguments.of("select ';';", List.of("select ';'")),
                Arguments.of("select 'it''s; :v';", List.of("select 'it''s; :v'")),
                Arguments.of("select E'\\';'; select 2;", List.of("select E'\\';'", "select 2")),
                Arguments.of("select U&'\\0041;'", List.of("select U&'\\0041;'")),
                Arguments.of("select U&\"a;\" from t", List.of("select U&\"a;\" from t")),
                Arguments.of("select B'1;', X'0;';", List.of("select B'1;', X'0;'")),
                Arguments.of("select \"a;\"\";b\" from t;", List.of("select \"a;\"\";b\" from t")),
                Arguments.of("select $$a;b$$; select 2;", List.of("select $$a;b$$", "select 2")),
                Arguments.of("select 1 /* a; /* b; */ c; */ + 1;", List.of("select 1 /* a; /* b; */ c; */ + 1")),
                Arguments.of("select 1 -- a; b\n + 2;", List.of("select 1 -- a; b\n + 2")),
                Arguments.of("/* lead */ -- lead\n  select 1 /* trail */ ;", List.of("select 1")),
                Arguments.of(
                        "create function f() returns int language plpgsql as $function$\n"
                                + "begin\n  perform $$;$$;\n  return 1;\nend;\n$function$;\nselect f();",
                        List.of(
                                "create function f() returns int language plpgsql as $function$\n"
                                        + "begin\n  perform $$;$$;\n  return 1;\nend;\n$function$",
                                "select f()")),
                Arguments.of(
                        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES"
                                + " (2)); select 1;",
                        List.of(
                                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b"
                                        + " VALUES (2))",
                                "select 1")),
                Arguments.of("select (1;2); select 3", List.of("select (1;2)", "select 3")),
                Arguments.of("select 1); select 2;", List.of("select 1)", "select 2")),
                Arguments.of("BEGIN; select 1; COMMIT;", List.of("BEGIN", "select 1", "COMMIT")),
                Arguments.of("select 1 \\; select 2; select 3", List.of("select 1 ; select 2", "select 3")),
                Arguments.of("select 1\\:\\:int;", List.of("select 1::int")));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void splitsLikePsql(String script, List<String> expected) {
        assertThat(sqls(script)).isEqualTo(expected);
    }

    @Test
    void beginAtomicBodyWithNestedCaseIsOneStatement() {
        String fn = "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
                + "BEGIN ATOMIC\n"
                + "  SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 ELSE 0 END END;\n"
                + "  SELECT 2;\n"
                + "END";
        String proc = "create procedure p() begin atomic insert into t values (1); insert into t values (2); end";
        assertThat(sqls(fn + ";\n" + proc + ";\nselect 3;")).containsExactly(fn, proc, "select 3");
    }

    @Test
    void beginTrackingFollowsPsqlHeuristicOnlyForCreateFunctionOrProcedure() {
        // A transaction BEGIN is not a body; neither is a DO block (it is dollar-quoted).
        assertThat(sqls("begin; create table t(a int); end;")).containsExactly("begin", "create table t(a int)", "end");
        assertThat(sqls("do $$begin perform 1; end$$; select 1;"))
                .containsExactly("do $$begin perform 1; end$$", "select 1");
        // CASE outside a body does not count.
        assertThat(sqls("create function f() returns int as 'select case when true then 1 end'"
                        + " language sql; select 1;"))
                .hasSize(2);
    }

    @Test
    void linesAreThoseOfTheFirstTokenCountingMultiLineStrings() {
        ParsedScript script = parse("-- header\n\n"
                + "select 'a\nb\nc';  select 2;\n"
                + "/* x\n y */ select\n 3;\n"
                + "create function f() returns text as $$\n;\n;\n$$ language sql;\n"
                + "\n\n  select 4");
        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(3, 5, 7, 9, 15);
        assertThat(script.statements()).allSatisfy(s -> assertThat(s.file()).isEqualTo(Scripts.FILE));
    }

    @Test
    void crlfLinesAreCountedOnce() {
        ParsedScript script = parse("select 1;\r\n\r\nselect 2;\r\n");
        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(1, 3);
        assertThat(script.statements()).extracting(SqlStatement::sql).containsExactly("select 1", "select 2");
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(sqls("\uFEFFselect 1;")).containsExactly("select 1");
    }

    @Test
    void lineColumnMapsServerPositionsBackToTheFile() {
        ParsedScript script = parse("select 1;\n\n  select x,\n    \"é\", bogus from t;");
        SqlStatement s = script.statements().get(1);
        assertThat(s.sql()).isEqualTo("select x,\n    \"é\", bogus from t");
        int bogus = s.sql().indexOf("bogus") + 1;
        assertThat(s.lineColumn(bogus)).containsExactly(4, 10);
        assertThat(s.lineColumn(1)).containsExactly(3, 3);
        assertThat(s.lineColumn(10_000)).containsExactly(4, 22);
    }

    @Test
    void lineColumnCountsCodePointsLikeTheServer() {
        SqlStatement s = parse("select '😀', bogus").statements().get(0);
        // The server counts the emoji as one character: "bogus" is at character 13.
        assertThat(s.lineColumn(13)).containsExactly(1, 13);
        assertThat(s.sql().substring(s.sql().offsetByCodePoints(0, 12))).startsWith("bogus");
    }

    @Test
    void sixArgumentConstructorMapsVerbatim() {
        SqlStatement s = new SqlStatement("select\n  x", "f.sql", 7, StatementKind.TRANSACTIONAL, "SELECT", null);
        assertThat(s.lineColumn(10)).containsExactly(8, 3);
        assertThat(s.isCopyFromStdin()).isFalse();
    }

    @Test
    void unterminatedQuotesAreErrorsNamingTheOpeningLine() {
        assertThatThrownBy(() -> parse("select 1;\nselect 'abc;\nselect 2;"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("File[" + Scripts.FILE + "] line 2: unterminated quoted string; close it with '");
        assertThatThrownBy(() -> parse("select 1;\n\nselect $x$ abc $$;"))
                .hasMessageStartingWith("File[" + Scripts.FILE + "] line 3: unterminated dollar-quoted string");
        assertThatThrownBy(() -> parse("/* a /* b */ select 1;"))
                .hasMessageStartingWith("File[" + Scripts.FILE + "] line 1: unterminated /* comment");
        assertThatThrownBy(() -> parse("select \"a;")).hasMessageContaining("unterminated quoted identifier");
    }

    @Test
    void parsingIsLinear() {
        // No wall-clock bound (speed is shown by benchmarks): the time for 8n statements is compared with the time for
        // n in the same run. Linear work gives a ratio near 8, quadratic near 64; the bound 24 leaves room for a busy
        // machine, each size is timed best of 3, and a round that misses the bound is measured again, so only work
        // that really grows faster than linear fails.
        String small = statements(2_500);
        String large = statements(20_000);
        assertThat(parse(large).statements()).hasSize(20_000);
        double ratio = Double.MAX_VALUE;
        for (int round = 0; round < 3 && ratio >= 24; round++) {
            ratio = (double) fastestParse(large) / fastestParse(small);
        }
        assertThat(ratio).isLessThan(24);
    }

    private static String statements(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("insert into t values (").append(i).append(", 'x;y', $$z$$); -- c\n");
        }
        return text.toString();
    }

    /** The fastest of three parses of {@code text}, in nanoseconds (the first parse of each size warms up). */
    private static long fastestParse(String text) {
        parse(text);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            parse(text);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return Math.max(best, 1);
    }
}
