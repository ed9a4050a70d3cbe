package dev.sem.sql;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.sql.Scripts.parse;
import static org.assertj.core.api.Assertions.assertThat;

class ScriptParserVariableTest {

    static final Map<String, String> VARS = Map.of(
            "schema", "app",
            "quote", "it's",
            "back", "a\\b'c",
            "ident", "My \"T\"",
            "stmts", "select 1; select 2",
            "self", "x :self y",
            "num", "42",
            "DBNAME", "prod");

    static Stream<Arguments> interpolations() {
        return Stream.of(
                Arguments.of("create table :schema.t ()", List.of("create table app.t ()")),
                Arguments.of("select :'quote'", List.of("select 'it''s'")),
                Arguments.of("select :'back'", List.of("select  E'a\\\\b''c'")),
                Arguments.of("select * from :\"ident\"", List.of("select * from \"My \"\"T\"\"\"")),
                Arguments.of("select :{?num}, :{?nope}", List.of("select TRUE, FALSE")),
                Arguments.of(
                        "select :undefined, :'undefined', :\"undefined\"",
                        List.of("select :undefined, :'undefined', :\"undefined\"")),
                Arguments.of("select 1::int, :num::int", List.of("select 1::int, 42::int")),
                Arguments.of(
                        "select ':num', \":num\", $$:num$$, /* :num */ E':num'",
                        List.of("select ':num', \":num\", $$:num$$, /* :num */ E':num'")),
                Arguments.of(":stmts; select 3", List.of("select 1", "select 2", "select 3")),
                Arguments.of("select :self", List.of("select x :self y")),
                Arguments.of("select :DBNAME", List.of("select prod")),
                Arguments.of("select \\:num", List.of("select :num")),
                Arguments.of("select a[1:num]", List.of("select a[142]")));
    }

    @ParameterizedTest
    @MethodSource("interpolations")
    void interpolatesLikePsql(String script, List<String> expected) {
        assertThat(parse(VARS, script).statements())
                .extracting(SqlStatement::sql)
                .isEqualTo(expected);
    }

    @Test
    void setValuesAreUsedAndUnsetRemovesThem() {
        ParsedScript script = parse(
                VARS,
                "\\set tbl 'my table'\nselect :\"tbl\";\n\\unset tbl\nselect :\"tbl\";\n\\set n 1 2 '3'\nselect :n;");
        assertThat(script.statements())
                .extracting(SqlStatement::sql)
                .containsExactly("select \"my table\"", "select :\"tbl\"", "select 123");
    }

    @Test
    void variablesAreFreshForEachParse() {
        ScriptParser parser = new ScriptParser(Map.of(), null);
        parser.parse("a.sql", "\\set x 1\n");
        assertThat(parser.parse("b.sql", "select :x").statements().get(0).sql()).isEqualTo("select :x");
    }

    @Test
    void positionsInsideSubstitutedTextMapToTheReference() {
        ParsedScript script = parse(VARS, "\n  select :'quote',\n  bogus, :schema");
        SqlStatement s = script.statements().get(0);
        assertThat(s.sql()).isEqualTo("select 'it''s',\n  bogus, app");
        assertThat(s.lineColumn(s.sql().indexOf("'it") + 3)).containsExactly(2, 10);
        assertThat(s.lineColumn(s.sql().indexOf("bogus") + 1)).containsExactly(3, 3);
        assertThat(s.lineColumn(s.sql().indexOf("app") + 2)).containsExactly(3, 10);
    }

    @Test
    void statementLineOfAStatementStartingInAVariableIsTheReferenceLine() {
        ParsedScript script = parse(VARS, "\n\n:stmts;");
        assertThat(script.statements()).extracting(SqlStatement::line).containsExactly(3, 3);
    }

    static Stream<Arguments> psqlResultVariables() {
        return Stream.of(
                Arguments.of(
                        "select :ROW_COUNT;",
                        ":ROW_COUNT",
                        "ROW_COUNT (the number of rows the last query returned or changed)"),
                Arguments.of(
                        "select :'LAST_ERROR_MESSAGE';",
                        ":'LAST_ERROR_MESSAGE'",
                        "LAST_ERROR_MESSAGE (the message of the last error)"),
                Arguments.of(
                        "select :\"LAST_ERROR_SQLSTATE\";",
                        ":\"LAST_ERROR_SQLSTATE\"",
                        "LAST_ERROR_SQLSTATE (the error code of the last error)"),
                Arguments.of("select :{?ERROR};", ":{?ERROR}", "ERROR (whether the last query failed)"),
                Arguments.of("select :SQLSTATE;", ":SQLSTATE", "SQLSTATE (the error code of the last query)"),
                Arguments.of("select :LASTOID;", ":LASTOID", "LASTOID (the OID the last INSERT returned)"),
                Arguments.of(
                        "select :SHELL_ERROR;", ":SHELL_ERROR", "SHELL_ERROR (whether the last shell command failed)"),
                Arguments.of(
                        "select :SHELL_EXIT_CODE;",
                        ":SHELL_EXIT_CODE",
                        "SHELL_EXIT_CODE (the exit code of the last shell command)"));
    }

    @ParameterizedTest
    @MethodSource("psqlResultVariables")
    void psqlResultVariablesAreRefusedByName(String script, String ref, String what) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> parse(Map.of("ROW_COUNT", "1"), "select 1;\n" + script))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("File[" + Scripts.FILE + "] line 2: psql variable " + what + " is set by psql after each"
                        + " query; sem does not track it, so " + ref + " cannot be used with the built-in executor;"
                        + " remove the reference");
    }

    @Test
    void resultVariableNamesInQuotesOrCommentsAreNotReferences() {
        assertThat(Scripts.sqls("select ':ROW_COUNT' -- :ERROR\n;")).containsExactly("select ':ROW_COUNT'");
    }

    @Test
    void psqlClientVariablesNameTheEmulatedPsql() {
        Map<String, String> v = ScriptParser.psqlClientVariables();
        assertThat(v)
                .containsEntry("VERSION_NAME", "17.6")
                .containsEntry("VERSION_NUM", "170006")
                .containsEntry("VERSION", "PostgreSQL 17.6 (psql as emulated by sem's built-in executor)")
                .containsEntry("ENCODING", "UTF8")
                .hasSize(4);
        assertThat(Scripts.sqls(v, "select :VERSION_NUM, :'VERSION_NAME', :'ENCODING';"))
                .containsExactly("select 170006, '17.6', 'UTF8'");
    }
}
