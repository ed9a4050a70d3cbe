package dev.sem.script;

import java.nio.charset.StandardCharsets;

import dev.sem.sql.ScriptSyntaxException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ScriptReader#readPlainSql}: files of packages, read with the one decoder and parser of scripts. */
class ScriptReaderPlainSqlTest {

    private static Script read(String name, String text) {
        return ScriptReader.readPlainSql(
                Script.of(name, text.getBytes(StandardCharsets.UTF_8)),
                at -> new IllegalStateException("invalid at " + at.offset()),
                t -> {});
    }

    @Test
    void statementsAreNamedByTheFileNameAsItIs() {
        Script s = read("functions/f.sql", "\uFEFFselect 1;\n\nselect 2;");
        assertThat(s.text()).isEqualTo("select 1;\n\nselect 2;");
        assertThat(s.statements())
                .extracting(st -> st.file() + ":" + st.line() + ":" + st.sql())
                .containsExactly("functions/f.sql:1:select 1", "functions/f.sql:3:select 2");
        assertThat(s.statementHashes()).hasSize(2);
    }

    @Test
    void semAttributeLinesAreOrdinaryComments() {
        Script s = read("f.sql", "-- sem.attribute.transaction = sometimes\n--sem.attributes.x\nselect 1;");
        assertThat(s.mode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(s.attributes().nearMisses()).isEmpty();
        assertThat(s.statements()).hasSize(1);
    }

    @Test
    void variablesAreNotSubstitutedAndIncludesAreRefused() {
        assertThat(read("f.sql", "select :x, :'y';").statements().get(0).sql()).isEqualTo("select :x, :'y'");
        assertThatThrownBy(() -> read("f.sql", "select 1;\n\\i other.sql\n"))
                .isInstanceOf(ScriptSyntaxException.class)
                .hasMessage("File[f.sql] line 2: \\i and \\ir are not available here; inline the included file");
    }

    @Test
    void theCallerWordsTheDecodingErrorAndChecksTheTextBeforeItIsSplit() {
        byte[] bad = {'s', (byte) 0xFF};
        assertThatThrownBy(() -> ScriptReader.readPlainSql(
                        Script.of("f.sql", bad), at -> new IllegalStateException("at " + at.offset()), t -> {}))
                .hasMessage("at 1");
        assertThatThrownBy(() -> ScriptReader.readPlainSql(
                        Script.of("f.sql", "select 'x".getBytes(StandardCharsets.UTF_8)),
                        at -> new IllegalStateException(),
                        t -> {
                            throw new IllegalArgumentException("checked " + t);
                        }))
                .hasMessage("checked select 'x");
    }
}
