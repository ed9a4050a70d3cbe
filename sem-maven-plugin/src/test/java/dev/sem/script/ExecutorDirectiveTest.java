package dev.sem.script;

import java.nio.charset.StandardCharsets;

import dev.sem.SemException;
import dev.sem.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorDirectiveTest {

    private static final String FILE = "./scripts/20260101-000001.sql";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-- sem.executor = psql",
                "-- sem.executor=psql",
                "--\tsem.executor =\tpsql",
                "   -- sem.executor = psql   \r",
            })
    void theDirectiveSelectsPsql(String line) {
        assertThat(ExecutorDirective.parse(FILE, "select 1;\n" + line + "\nselect 2;"))
                .isEqualTo(Executor.PSQL);
    }

    @Test
    void withoutTheDirectiveTheBuiltInExecutorRuns() {
        assertThat(ExecutorDirective.parse(FILE, "select 1; -- sem.executor = psql\n-- sem executor psql"))
                .isEqualTo(Executor.BUILT_IN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--sem.executor = psql",
                "-- SEM.executor = psql",
                "-- sem.executor psql",
                "-- sem.executors = psql"
            })
    void aMisspeltDirectiveIsAnErrorNamingTheLine(String line) {
        assertThatThrownBy(() -> ExecutorDirective.parse(FILE, "select 1;\n" + line + "\n"))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("File[" + FILE + "] line 2: ")
                .hasMessageContaining("write the line exactly as '-- sem.executor = psql'");
    }

    @Test
    void anUnknownExecutorIsAnError() {
        assertThatThrownBy(() -> ExecutorDirective.parse(FILE, "-- sem.executor = pgcli\n"))
                .hasMessage("File[" + FILE + "] line 1: unknown executor 'pgcli'; the only one is psql: write the line"
                        + " exactly as '-- sem.executor = psql' to run this script with psql, or remove it to run it"
                        + " with the built-in executor");
    }

    @Test
    void aPsqlScriptIsReadWithoutSplittingAndKeepsItsChecksumsAndMode() {
        String text = "-- sem.attribute.transaction = none\n-- sem.executor = psql\nselect 1 as x \\gset\n\\if :x\n"
                + "\\endif\n";
        Script s = new ScriptReader(null, ScriptReader.Options.defaults(), new CollectingLog())
                .read(Script.of("20260101-000001.sql", text.getBytes(StandardCharsets.UTF_8)));
        assertThat(s.runsWithPsql()).isTrue();
        assertThat(s.mode()).isEqualTo(TransactionMode.NONE);
        assertThat(s.statements()).isEmpty();
        assertThat(s.sha256()).isEqualTo(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(s.normalizedSha256()).hasSize(64);
    }

    @Test
    void transactionEndsAreFoundOutsideQuotesAndComments() {
        assertThat(PsqlScript.endsTransactionItself("select 'commit';\n-- commit\n/* end */ select $$rollback$$;"))
                .isFalse();
        assertThat(PsqlScript.endsTransactionItself("create table a (id int);\nCOMMIT;"))
                .isTrue();
        assertThat(PsqlScript.endsTransactionItself("select 1 as x \\gset\nend;"))
                .isTrue();
    }
}
