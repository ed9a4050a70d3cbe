package dev.sem.sql;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.sem.sql.Scripts.FILE;
import static dev.sem.sql.Scripts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserMetaCommandTest {

    @Test
    void echoBecomesAUnitInOrder() {
        ParsedScript script = parse(
                Map.of("who", "world"),
                "select 1;\n\\echo hello   'big  world' :who :'who' x''y\n\\echo -n '-n'\nselect 2;");
        assertThat(script.units())
                .containsExactly(
                        script.statements().get(0),
                        new Echo("hello big  world world 'world' xy", FILE, 2),
                        new Echo("-n", FILE, 3),
                        script.statements().get(1));
    }

    @Test
    void singleQuotedArgumentsFollowPsqlEscapes() {
        ParsedScript script = parse("\\set v 'a\\tb\\n\\101\\x42\\'q'\nselect :'v';");
        assertThat(script.statements().get(0).sql()).isEqualTo("select 'a\tb\nAB''q'");
    }

    @Test
    void metaCommandMidStatementIsRemovedFromTheSql() {
        ParsedScript script = parse("select 1,\n\\echo between\n2;");
        assertThat(script.units()).hasSize(2);
        assertThat(script.units().get(0)).isEqualTo(new Echo("between", FILE, 2));
        SqlStatement s = script.statements().get(0);
        assertThat(s.sql()).isEqualTo("select 1,\n\n2");
        assertThat(s.lineColumn(s.sql().indexOf('2') + 1)).containsExactly(3, 1);
    }

    @Test
    void metaCommandAfterSqlOnTheSameLineAndDoubleBackslash() {
        ParsedScript script = parse("select 1 \\echo a \\\\ select 2;");
        assertThat(script.units()).hasSize(2);
        assertThat(script.units().get(0)).isEqualTo(new Echo("a", FILE, 1));
        assertThat(script.statements().get(0).sql()).isEqualTo("select 1  select 2");
    }

    @Test
    void twoCommandsOnOneLine() {
        ParsedScript script = parse("\\set a 1 \\echo :a");
        assertThat(script.units()).containsExactly(new Echo("1", FILE, 1));
    }

    @Test
    void onErrorStopAndRestrictAreAccepted() {
        ParsedScript script = parse("\\set ON_ERROR_STOP on\n\\restrict abc123\nselect 1;\n\\unrestrict abc123\n"
                + "\\set ON_ERROR_STOP 1\nselect 2;");
        assertThat(script.statements()).extracting(SqlStatement::sql).containsExactly("select 1", "select 2");
    }

    @Test
    void restrictModeRefusesOtherMetaCommandsAndWrongKeys() {
        assertThatThrownBy(() -> parse("\\restrict k\n\\echo hi\n"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessageStartingWith("File[" + FILE + "] line 2: psql meta-command \\echo is not allowed between");
        assertThatThrownBy(() -> parse("\\restrict k\n\\unrestrict other\n"))
                .hasMessageStartingWith("File[" + FILE + "] line 2: \\unrestrict key does not match");
    }

    @Test
    void connectIsRefusedWithItsOwnMessage() {
        assertThatThrownBy(() -> parse("select 1;\n\\connect other\n"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessageStartingWith("File[" + FILE + "] line 2: psql meta-command \\connect is not supported: a"
                        + " migration script runs on the one database");
        assertThatThrownBy(() -> parse("\\c other")).hasMessageContaining("\\c is not supported: a migration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gset", "copy", "if", "g", "!", "o", "pset", "q", "warn", "endif"})
    void otherMetaCommandsAreRefusedWithTheExactMessage(String cmd) {
        assertThatThrownBy(() -> parse("select 1;\n-- comment\nselect 2\n\\" + cmd + " x\n;"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("File[" + FILE + "] line 4: psql meta-command \\" + cmd
                        + " is not supported by the built-in executor; use the psql executor: add the line '-- sem.executor"
                        + " = psql' to the script (psql must then be installed where sem applies it), or do the same in"
                        + " plain SQL");
    }

    @Test
    void backslashInsideQuotesAndCommentsIsNotACommand() {
        assertThat(Scripts.sqls("select '\\gset', $$\\q$$, /* \\if */ \"\\x\";"))
                .containsExactly("select '\\gset', $$\\q$$, /* \\if */ \"\\x\"");
    }

    @Test
    void backquotesAndAutocommitOffAreRefused() {
        assertThatThrownBy(() -> parse("\\set x `date`")).hasMessageContaining("line 1: backquoted");
        assertThatThrownBy(() -> parse("\\set AUTOCOMMIT off"))
                .hasMessageContaining("\\set AUTOCOMMIT off is not supported by the built-in executor; remove it"
                        + " (with -- sem.attribute.transaction = none each statement commits on its own)");
        assertThatThrownBy(() -> parse("\\set 'bad name' 1")).hasMessageContaining("invalid psql variable name");
        assertThatThrownBy(() -> parse("\\echo 'open")).hasMessageContaining("unterminated quoted argument");
    }

    @Test
    void includesAreResolvedAndRunWhereTheyAppear() {
        Map<String, String> files = Map.of(
                "common/setup.sql", "select 'setup';\n\\ir more.sql\n",
                "common/more.sql", "\n\\set who inc\nselect 'more';",
                "scripts/rel.sql", "select 'rel';");
        ParsedScript script = Scripts.parse(
                files, Map.of(), "select 1;\n\\i common/setup.sql;\n\\include_relative rel.sql\nselect :'who';");
        assertThat(script.statements())
                .extracting(s -> s.file() + ":" + s.line() + ":" + s.sql())
                .containsExactly(
                        FILE + ":1:select 1",
                        "common/setup.sql:1:select 'setup'",
                        "common/more.sql:3:select 'more'",
                        "scripts/rel.sql:1:select 'rel'",
                        FILE + ":4:select 'inc'");
        assertThat(script.file()).isEqualTo(FILE);
    }

    @Test
    void includeMidStatementRunsBeforeTheStatement() {
        ParsedScript script = Scripts.parse(Map.of("x.sql", "select 'x'"), Map.of(), "select\n\\i x.sql\n1;");
        assertThat(script.statements()).extracting(SqlStatement::sql).containsExactly("select 'x'", "select\n\n1");
    }

    @Test
    void includeErrors() {
        assertThatThrownBy(() -> Scripts.parse(Map.of(), Map.of(), "\n\\i missing.sql"))
                .hasMessageStartingWith("File[" + FILE + "] line 2: included file missing.sql does not exist");
        assertThatThrownBy(
                        () -> Scripts.parse(Map.of("loop.sql", "select 1;\n\\i loop.sql\n"), Map.of(), "\\i loop.sql"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("File[loop.sql] line 2: \\i nesting is deeper than 16 levels; check for a file that"
                        + " includes itself");
        assertThatThrownBy(() -> parse("\\i x.sql")).hasMessageContaining("\\i and \\ir are not available");
        assertThatThrownBy(() -> Scripts.parse(Map.of(), Map.of(), "\\i"))
                .hasMessageContaining("\\i needs a file name");
    }

    @Test
    void errorsInIncludedFilesNameThatFile() {
        assertThatThrownBy(() -> Scripts.parse(Map.of("a.sql", "\n\n\\gexec"), Map.of(), "\\i a.sql"))
                .hasMessage("File[a.sql] line 3: psql meta-command \\gexec is not supported by the built-in"
                        + " executor; use the psql executor: add the line '-- sem.executor = psql' to the script (psql"
                        + " must then be installed where sem applies it), or do the same in plain SQL");
    }

    @Test
    void unitsAreInExecutionOrder() {
        List<Unit> units = parse("\\echo a\nselect 1;\n\\echo b").units();
        assertThat(units).hasSize(3);
        assertThat(units.get(0)).isInstanceOf(Echo.class);
        assertThat(units.get(1)).isInstanceOf(SqlStatement.class);
        assertThat(units.get(2)).isInstanceOf(Echo.class);
    }
}
