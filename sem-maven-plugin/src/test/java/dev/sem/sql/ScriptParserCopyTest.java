package dev.sem.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.sem.sql.Scripts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserCopyTest {

    @Test
    void copyFromStdinTakesTheLinesUpToBackslashDot() {
        ParsedScript script = parse("create table t (a text);\n"
                + "COPY t (a) FROM stdin;\n"
                + "x;y\n"
                + "it's\n"
                + "\\.\n"
                + "select 1;\n");
        List<SqlStatement> s = script.statements();
        assertThat(s)
                .extracting(SqlStatement::sql)
                .containsExactly("create table t (a text)", "COPY t (a) FROM stdin", "select 1");
        assertThat(s.get(1).copyData()).isEqualTo("x;y\nit's\n");
        assertThat(s.get(1).isCopyFromStdin()).isTrue();
        assertThat(s.get(0).copyData()).isNull();
        assertThat(s.get(2).line()).isEqualTo(6);
    }

    @Test
    void copyWithOptionsAndMultipleBlocks() {
        ParsedScript script = parse("copy a from STDIN with (format csv, delimiter ';');\n"
                + "1;\"a\n"
                + "b\"\n"
                + "\\.\n"
                + "copy b (x, y) from stdin (format text);\n"
                + "\\.\n"
                + "copy c to stdout;\n"
                + "select 'after';");
        List<SqlStatement> s = script.statements();
        assertThat(s).hasSize(4);
        assertThat(s.get(0).copyData()).isEqualTo("1;\"a\nb\"\n");
        assertThat(s.get(1).copyData()).isEmpty();
        assertThat(s.get(2).copyData()).isNull();
        assertThat(s.get(3).sql()).isEqualTo("select 'after'");
        assertThat(s.get(3).line()).isEqualTo(8);
    }

    @Test
    void crlfDataIsKeptExactly() {
        ParsedScript script = parse("copy t from stdin;\r\na\tb\r\nc\td\r\n\\.\r\nselect 2;\r\n");
        assertThat(script.statements().get(0).copyData()).isEqualTo("a\tb\r\nc\td\r\n");
        assertThat(script.statements().get(1).sql()).isEqualTo("select 2");
    }

    @Test
    void backslashDotMustBeAloneOnItsLine() {
        ParsedScript script = parse("copy t from stdin;\n\\.x\n \\.\n\\.\n");
        assertThat(script.statements().get(0).copyData()).isEqualTo("\\.x\n \\.\n");
    }

    @Test
    void restOfTheCopyLineRunsAfterTheData() {
        ParsedScript script = parse("copy t from stdin; select 'rest';\ndata\n\\.\nselect 3;");
        assertThat(script.statements())
                .extracting(SqlStatement::sql)
                .containsExactly("copy t from stdin", "select 'rest'", "select 3");
        assertThat(script.statements().get(0).copyData()).isEqualTo("data\n");
    }

    @Test
    void twoCopiesOnOneLineReadConsecutiveBlocks() {
        ParsedScript script = parse("copy a from stdin; copy b from stdin;\n1\n\\.\n2\n\\.\nselect 3;");
        assertThat(script.statements()).extracting(SqlStatement::copyData).containsExactly("1\n", "2\n", null);
    }

    @Test
    void backslashDotAtEndOfFileWithoutNewlineTerminates() {
        assertThat(parse("copy t from stdin;\nx\n\\.").statements().get(0).copyData())
                .isEqualTo("x\n");
    }

    static String noBlock(int dataLine, int copyLine) {
        return "File[" + Scripts.FILE + "] line " + dataLine + ": the COPY ... FROM STDIN of line " + copyLine
                + " has no data block ending with a line containing only \\. (none follows in the file): psql would"
                + " read every line from here to the end of the file as COPY data, not as SQL; put the data lines and a"
                + " \\. line right after the line of the COPY (for no rows, just the \\. line)";
    }

    static Stream<Arguments> copiesWithoutDataBlock() {
        return Stream.of(
                Arguments.of("select 1;\n\ncopy t from stdin;\na\nb\n", noBlock(4, 3)),
                Arguments.of("copy t from stdin;\nselect 2;\ninsert into t values (1);\n", noBlock(2, 1)),
                Arguments.of("copy t from stdin", noBlock(2, 1)),
                Arguments.of("copy t from stdin;", noBlock(2, 1)),
                Arguments.of("copy t\n  from stdin; select 3;\nselect 4;", noBlock(3, 1)),
                Arguments.of("copy t from stdout;\nselect 5;\n", noBlock(2, 1)),
                // the first block is taken; the second COPY has none
                Arguments.of("copy a from stdin; copy b from stdin;\n1\n\\.\nselect 6;\n", noBlock(4, 1)),
                Arguments.of("select 0\\;\ncopy u from stdin;\nselect 7;\n", noBlock(3, 2)));
    }

    @ParameterizedTest
    @MethodSource("copiesWithoutDataBlock")
    void aCopyWithoutDataBlockSaysWhatPsqlWouldDo(String script, String message) {
        assertThatThrownBy(() -> parse(script))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void stdinAsAColumnOrInsideParenthesesIsNotCopyData() {
        ParsedScript script = parse("copy (select stdin from t) to stdout;\nselect 'x';\n");
        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(0).copyData()).isNull();
    }

    /** Script; the statements sem sends, in order, each followed by its COPY data (or "-" when it is no COPY). */
    static Stream<Arguments> copyCorners() {
        return Stream.of(
                // The server takes FROM STDOUT as FROM STDIN: psql feeds it the data block.
                Arguments.of(
                        "copy t from stdout;\n1\n2\n\\.\nselect 1;",
                        List.of("copy t from stdout", "1\n2\n", "select 1", "-")),
                Arguments.of(
                        "COPY t (a) FROM STDOUT WITH (FORMAT csv);\na;b\n\\.\n",
                        List.of("COPY t (a) FROM STDOUT WITH (FORMAT csv)", "a;b\n")),
                // TO STDIN is a COPY TO the client: no data block.
                Arguments.of("copy t to stdin;\nselect 1;", List.of("copy t to stdin", "-", "select 1", "-")),
                // \; combined: each COPY gets its own block, in order; the other parts go as psql combines them.
                Arguments.of(
                        "select 0\\; copy t from stdin\\; copy u from stdin\\; select 1;\nt1\n\\.\nu1\nu2\n\\.\nselect 2;",
                        List.of(
                                "select 0",
                                "-",
                                "copy t from stdin",
                                "t1\n",
                                "copy u from stdin",
                                "u1\nu2\n",
                                "select 1",
                                "-",
                                "select 2",
                                "-")),
                Arguments.of(
                        "select 0\\; select 9\\; copy t from stdout\\; select 1\\; select 2;\n\\.\n",
                        List.of("select 0; select 9", "-", "copy t from stdout", "", "select 1; select 2", "-")),
                Arguments.of(
                        "copy t from stdin\\;\n  copy u from stdin;\na\n\\.\nb\n\\.\n",
                        List.of("copy t from stdin", "a\n", "copy u from stdin", "b\n")),
                // A combined query without COPY stays one statement.
                Arguments.of("select 0\\; select 1;", List.of("select 0; select 1", "-")));
    }

    @ParameterizedTest
    @MethodSource("copyCorners")
    void copyCornersSplitAsPsqlSends(String script, List<String> expected) {
        List<String> actual = new ArrayList<>();
        for (SqlStatement s : parse(script).statements()) {
            actual.add(s.sql());
            actual.add(s.copyData() == null ? "-" : s.copyData());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void combinedCopyPartsKeepTheirLinesAndPositions() {
        List<SqlStatement> s = parse("select 0\\;\n copy t from stdin\\; select bogus;\nx\n\\.\n")
                .statements();
        assertThat(s).extracting(SqlStatement::line).containsExactly(1, 2, 2);
        assertThat(s.get(2).lineColumn(8)).containsExactly(2, 29);
    }
}
