package dev.sem.script;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScriptAttributesTest {

    private static final String F = "scripts/20240101-000000.sql";
    private static final String UNKNOWN =
            "File[" + F + "] line 2: Attribute with name[%s] not found. Must be one of: transaction";
    private static final String INVALID =
            "File[" + F + "] line 2: Attribute[transaction] - Invalid value[%s]. Must be one of: single none";
    private static final String MISSING =
            "File[" + F + "] line 2: Attribute[transaction] - Missing value. Must be one of: single none";

    /** §5.2, row by row: the attribute line is placed on line 2, between SQL lines. */
    static Stream<Arguments> edgeCases() {
        return Stream.of(
                arguments("(no attribute line)", null, "single"),
                arguments("spaces around =", "-- sem.attribute.transaction = none", "none"),
                arguments("no spaces", "-- sem.attribute.transaction=none", "none"),
                arguments("tab after --", "--\tsem.attribute.transaction=none", "none"),
                arguments("untrimmed", "   -- sem.attribute.transaction = none   ", "none"),
                arguments("CRLF and tabs", "\t-- sem.attribute.transaction = none\t\r", "none"),
                arguments("single", "-- sem.attribute.transaction=single", "single"),
                arguments("no space after --", "--sem.attribute.transaction=none", "single"),
                arguments("SEM", "-- SEM.attribute.transaction=none", "single"),
                arguments("Attribute", "-- sem.Attribute.transaction=none", "single"),
                arguments("not at line start", "select 1; -- sem.attribute.transaction=none", "single"),
                arguments(
                        "unknown name Transaction",
                        "-- sem.attribute.Transaction=none",
                        UNKNOWN.formatted("Transaction")),
                arguments("unknown name foo", "-- sem.attribute.foo=single", UNKNOWN.formatted("foo")),
                arguments("empty name", "-- sem.attribute.=none", UNKNOWN.formatted("")),
                arguments("nothing after prefix", "-- sem.attribute.", UNKNOWN.formatted("")),
                arguments("unknown name without value", "-- sem.attribute.foo", UNKNOWN.formatted("foo")),
                arguments("value None", "-- sem.attribute.transaction=None", INVALID.formatted("None")),
                arguments(
                        "trailing comment",
                        "-- sem.attribute.transaction = none -- why",
                        INVALID.formatted("none -- why")),
                arguments("trailing semicolon", "-- sem.attribute.transaction = none;", INVALID.formatted("none;")),
                arguments("empty value", "-- sem.attribute.transaction =", INVALID.formatted("")),
                arguments("split at first =", "-- sem.attribute.transaction = a=b", INVALID.formatted("a=b")),
                arguments("missing value", "-- sem.attribute.transaction", MISSING),
                arguments(
                        "none plus single",
                        "-- sem.attribute.transaction = none\n-- sem.attribute.transaction = single",
                        "single"),
                arguments(
                        "single plus none",
                        "-- sem.attribute.transaction = single\n-- sem.attribute.transaction = none",
                        "single"),
                arguments("two none", "-- sem.attribute.transaction = none\n-- sem.attribute.transaction=none", "none"),
                arguments("inside a block comment", "/*\n-- sem.attribute.transaction = none\n*/", "none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeCases")
    void edgeCaseTable(String title, String line, String expected) {
        String text = "create table t (id int);\n" + (line == null ? "" : line + "\n") + "select 1;\n";
        if (expected.equals("single") || expected.equals("none")) {
            assertThat(ScriptAttributes.parse(F, text).mode().value()).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> ScriptAttributes.parse(F, text))
                    .isInstanceOf(AttributeException.class)
                    .hasMessage(expected)
                    .satisfies(e -> assertThat(((AttributeException) e).line()).isEqualTo(2));
        }
    }

    @Test
    void firstErrorInLineOrderWins() {
        String text = "-- sem.attribute.transaction = none\n\n-- sem.attribute.foo\n-- sem.attribute.transaction = x\n";
        assertThatThrownBy(() -> ScriptAttributes.parse(F, text))
                .hasMessage("File[" + F + "] line 3: Attribute with name[foo] not found. Must be one of: transaction");
    }

    @Test
    void crlfFilesAreReadLikeLf() {
        String text = "select 1;\r\n-- sem.attribute.transaction = none\r\nselect 2;\r\n";
        assertThat(ScriptAttributes.parse(F, text).mode()).isEqualTo(TransactionMode.NONE);
    }

    @Test
    void crAloneIsNotALineBreak() {
        // sem (Ruby) splits at LF only: an old-Mac CR file is one line, which does not start with the attribute.
        String text = "select 1;\r-- sem.attribute.transaction = none\r";
        assertThat(ScriptAttributes.parse(F, text).mode()).isEqualTo(TransactionMode.SINGLE);
    }

    @Test
    void unicodeSpaceIsNotTrimmed() {
        // Ruby's strip removes ASCII whitespace only: an em space in front keeps the line from matching.
        String text = "\u2003-- sem.attribute.transaction = none\n";
        assertThat(ScriptAttributes.parse(F, text).mode()).isEqualTo(TransactionMode.SINGLE);
    }

    @Test
    void nearMissesAreWarningsWithFileAndLine() {
        String text = String.join(
                "\n",
                "--sem.attribute.transaction=none",
                "-- SEM.attribute.transaction=none",
                "select 1;",
                "-- sem.Attribute.transaction=none",
                "-- sem.attributes.transaction=none",
                "select 1; -- sem.attribute.transaction=none",
                "-- sem-java.something = x",
                "-- semantics of attributes",
                "-- sem.attribute.transaction = single");
        var result = ScriptAttributes.parse(F, text);
        assertThat(result.mode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(result.nearMisses()).extracting(Warning::line).containsExactly(1, 2, 4, 5, 6);
        assertThat(result.nearMisses()).allSatisfy(w -> assertThat(w.file()).isEqualTo(F));
        assertThat(result.nearMisses().get(0).message())
                .startsWith("File[" + F + "] line 1: '--sem.attribute.transaction=none' looks like a sem attribute")
                .contains("-- sem.attribute.transaction = none");
    }

    @Test
    void nearMissDoesNotChangeTheMode() {
        var result = ScriptAttributes.parse(F, "--sem.attribute.transaction=none\n");
        assertThat(result.mode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(result.nearMisses()).hasSize(1);
    }

    @Test
    void strictModeTurnsANearMissIntoAnError() {
        String text = "select 1;\n-- sem.attributes.transaction = none\n";
        assertThat(ScriptAttributes.parse(F, text, false).nearMisses()).hasSize(1);
        assertThatThrownBy(() -> ScriptAttributes.parse(F, text, true))
                .isInstanceOf(AttributeException.class)
                .hasMessageStartingWith("File[" + F + "] line 2: '-- sem.attributes.transaction = none'")
                .hasMessageContaining("strict");
    }

    @Test
    void cleanScriptHasNoWarnings() {
        var result =
                ScriptAttributes.parse(F, "-- sem.attribute.transaction = none\ncreate index concurrently i on t(x);");
        assertThat(result.nearMisses()).isEmpty();
        assertThat(result.mode()).isEqualTo(TransactionMode.NONE);
    }

    @Test
    void aContradictingSecondTransactionAttributeIsAWarningOrAStrictError() {
        String text = "-- sem.attribute.transaction = none\nselect 1;\n-- sem.attribute.transaction = single\n";
        ScriptAttributes.Attributes result = ScriptAttributes.parse("x.sql", text, false);
        assertThat(result.mode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(result.nearMisses()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.message())
                    .startsWith("File[x.sql] line 3: a second transaction attribute contradicts the one on line 1");
        });
        assertThatThrownBy(() -> ScriptAttributes.parse("x.sql", text, true))
                .isInstanceOf(AttributeException.class)
                .hasMessageContaining("line 3: a second transaction attribute")
                .hasMessageContaining("(strict mode makes this an error)");
        String same = "-- sem.attribute.transaction = none\n-- sem.attribute.transaction = none\n";
        assertThat(ScriptAttributes.parse("x.sql", same, true).nearMisses()).isEmpty();
    }
}
