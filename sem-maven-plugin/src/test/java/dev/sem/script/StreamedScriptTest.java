package dev.sem.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.sql.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A script that stays in its file ({@link Script#ofFile}) reads exactly as the same bytes held in memory: the same
 * statements at the same lines, the same checksums, the same COPY data (left in the file), the same errors.
 */
class StreamedScriptTest {

    private static final String NAME = "20240101-000000.sql";

    @TempDir
    Path dir;

    /** What a read script is made of, with each COPY's data as text wherever it is. */
    private record Shape(
            String sha256,
            String normalizedSha256,
            List<String> statementHashes,
            List<String> statements,
            TransactionMode mode) {}

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve(NAME);
        Files.write(file, bytes);
        return file;
    }

    private static ScriptReader reader(Charset charset, Map<String, String> variables) {
        return new ScriptReader(null, new ScriptReader.Options(charset, false, variables), EngineLog.silent());
    }

    private static Shape shape(Script s) throws IOException {
        List<String> statements = new ArrayList<>();
        for (SqlStatement st : s.parsed().statements()) {
            String data = st.copyData();
            if (st.copyFile() != null) {
                try (InputStream in = st.copyFile().open()) {
                    data = new String(in.readAllBytes(), st.copyFile().charset());
                }
            }
            statements.add(st.line() + "|" + st.kind() + "|" + st.description() + "|" + st.sql() + "|" + data + "|"
                    + st.lineColumn(st.sql().length())[0]);
        }
        return new Shape(s.sha256(), s.normalizedSha256(), s.statementHashes(), statements, s.mode());
    }

    private Script streamed(String text, Charset charset, Map<String, String> variables) throws IOException {
        Script file = Script.ofFile(NAME, write(text.getBytes(charset)));
        assertThat(file.file()).isNotNull();
        return reader(charset, variables).read(file);
    }

    private static Script inMemory(String text, Charset charset, Map<String, String> variables) {
        return reader(charset, variables).read(Script.of(NAME, text.getBytes(charset)));
    }

    private Script assertSame(String text, Charset charset, Map<String, String> variables) throws IOException {
        Script streamed = streamed(text, charset, variables);
        Script memory = inMemory(text, charset, variables);
        assertThat(shape(streamed)).isEqualTo(shape(memory));
        return streamed;
    }

    private static long dataInFile(Script s) {
        return s.parsed().statements().stream()
                .filter(st -> st.copyFile() != null)
                .count();
    }

    private static final String DUMP = "-- sem.attribute.transaction = single\n"
            + "SET standard_conforming_strings = on;\n"
            + "CREATE TABLE t (a int, b text);\n"
            + "COPY public.t (a, b) FROM stdin;\n"
            + "1\tone\n2\t\\N\n3\tthree; not SQL\n"
            + "\\.\n"
            + "\n"
            + "CREATE INDEX t_a ON t (a);\n"
            + "COPY t FROM stdin; SELECT\n"
            + "1\tx\n"
            + "\\.\n"
            + "  1 +\n  nope;\n"
            + "copy t from stdin; copy t (a) from stdin;\n"
            + "4\tfour\n\\.\n5\n\\.\n"
            + "COPY t FROM stdin;\n\\.\n"
            + "SELECT 'after', $$\nCOPY t FROM stdin;\n\\.\n$$;\n";

    @Test
    void aDumpWithCopyBlocksReadsAsInMemory_withItsDataLeftInTheFile() throws IOException {
        Script s = assertSame(DUMP, StandardCharsets.UTF_8, Map.of());

        assertThat(dataInFile(s)).isEqualTo(5);
        assertThat(s.text()).doesNotContain("3\tthree").contains("\\.\n");
        SqlStatement last = s.parsed().statements().get(s.parsed().statements().size() - 1);
        assertThat(last.line()).isEqualTo(23);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "windows-1252"})
    void crlfLinesAByteOrderMarkAndOtherEncodingsReadAsInMemory(String charset) throws IOException {
        Charset cs = Charset.forName(charset);
        String text = (cs.equals(StandardCharsets.UTF_8) ? "\uFEFF" : "")
                + DUMP.replace("\n", "\r\n").replace("three", "thr\u00e9e");

        Script s = assertSame(text, cs, Map.of());

        assertThat(dataInFile(s)).isEqualTo(5);
    }

    @Test
    void linesLongerThanTheReadBufferAndEndLinesAcrossItsBoundaries() throws IOException {
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        for (int block = 0; block < 40; block++) {
            text.append("COPY t FROM stdin;\n");
            int rows = random.nextInt(50);
            for (int r = 0; r < rows; r++) {
                text.append("x".repeat(random.nextInt(block == 7 ? 300_000 : 9_000)))
                        .append('\u00e9')
                        .append('\n');
            }
            text.append("\\.\n");
        }
        text.append("select 'end';");

        Script s = assertSame(text.toString(), StandardCharsets.UTF_8, Map.of());

        assertThat(dataInFile(s)).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\.", "\\.\r", "\\.\n", "\\.\r\n", "\\.\r\nselect 2;", "\\. \n\\.", "\\.x\n\\.\n"})
    void theEndLineAtTheEndOfTheFileAndNearMisses(String end) throws IOException {
        Script s = assertSame("COPY t FROM stdin;\n1\n" + end, StandardCharsets.UTF_8, Map.of());

        assertThat(dataInFile(s)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2\n", "\\.x"})
    void aBlockThatRunsToTheEndOfTheFileIsTheSameErrorAsInMemory(String end) throws IOException {
        String text = "COPY t FROM stdin;\n1\n" + end;

        assertThatThrownBy(() -> streamed(text, StandardCharsets.UTF_8, Map.of()))
                .hasMessage(messageOf(() -> inMemory(text, StandardCharsets.UTF_8, Map.of())));
    }

    @Test
    void aNulBeforeAnInvalidByteIsReportedAsInMemory_theInvalidByteFirst() throws IOException {
        byte[] bytes = "select 1;\nCOPY t FROM stdin;\n1\u0000\n\u00e9\n\\.\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 5] = (byte) 0xFF;
        Script file = Script.ofFile(NAME, write(bytes));
        ScriptReader utf8 = reader(StandardCharsets.UTF_8, Map.of());

        assertThatThrownBy(() -> utf8.read(file))
                .hasMessage(messageOf(() -> utf8.read(Script.of(NAME, bytes))))
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void attributeErrorsAfterCopyDataNameTheFileLine() throws IOException {
        String text = "COPY t FROM stdin;\n1\n2\n3\n\\.\n-- sem.attribute.transction = none\nselect 1;\n";

        assertThatThrownBy(() -> streamed(text, StandardCharsets.UTF_8, Map.of()))
                .isInstanceOf(AttributeException.class)
                .hasMessage(messageOf(() -> inMemory(text, StandardCharsets.UTF_8, Map.of())))
                .hasMessageContaining("line 6");
    }

    @Test
    void aPsqlScriptWhoseCopyDataRunsToTheEndOfTheFileIsReadWhole() throws IOException {
        String text = "-- sem.executor = psql\nCOPY t FROM stdin;\n1\n2\n";

        Script s = streamed(text, StandardCharsets.UTF_8, Map.of());

        assertThat(s.runsWithPsql()).isTrue();
        assertThat(s.text()).isEqualTo(text);
    }

    @Test
    void theChecksumOfAnUnreadScriptWithACopyThatRunsToTheEndIsTheLexersAsInMemory() throws IOException {
        String text = "COPY t FROM stdin;\n1\n2\n";
        Script file = Script.ofFile(NAME, write(text.getBytes(StandardCharsets.UTF_8)));
        ScriptReader reader = reader(StandardCharsets.UTF_8, Map.of());

        assertThat(reader.normalizedSha256(file))
                .isEqualTo(reader.normalizedSha256(Script.of(NAME, text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aFileChangedAfterItWasLoadedIsRefusedWhenItsDataIsSent() throws IOException {
        Script s = streamed("COPY t FROM stdin;\n1\n\\.\n", StandardCharsets.UTF_8, Map.of());
        SqlStatement copy = s.parsed().statements().get(0);
        Files.writeString(s.file(), "COPY t FROM stdin;\n2\n\\.\n-- edited\n");

        assertThatThrownBy(() -> copy.copyFile().open())
                .isInstanceOf(SemException.class)
                .hasMessageContaining("changed while sem was using it");
        assertThatThrownBy(s::checkUnchanged).hasMessageContaining("changed while sem was using it");
    }

    @Test
    void aServerErrorPositionAfterCopyDataMapsToTheFileLine() throws IOException {
        Script s = streamed("COPY t FROM stdin;\n1\n2\n3\n\\.\nselect\n  nope;\n", StandardCharsets.UTF_8, Map.of());

        SqlStatement select = s.parsed().statements().get(1);
        assertThat(select.line()).isEqualTo(6);
        assertThat(select.lineColumn(10)).containsExactly(7, 3);
    }

    @Test
    void whereOnlyTheWholeTextPlacesTheBlocksRight_theScriptIsReadWhole() throws IOException {
        // The variable makes the first statement a COPY, which only the parser sees.
        String text = "COPY t :src;\n1\n\\.\nCOPY t FROM stdin;\n2\n\\.\nselect 1;\n";

        Script s = assertSame(text, StandardCharsets.UTF_8, Map.of("src", "FROM stdin"));

        assertThat(dataInFile(s)).isZero();
        assertThat(s.parsed().statements()).hasSize(3);
    }

    @Test
    void standardConformingStringsOffIsFollowedAsInMemory() throws IOException {
        String text = "SET standard_conforming_strings = off;\nselect 'it\\'s; COPY t FROM stdin;';\n"
                + "COPY t FROM stdin;\n1\n\\.\nselect 2;\n";

        assertSame(text, StandardCharsets.UTF_8, Map.of());
    }

    @Test
    void aCopyWithoutItsEndLineIsTheSameErrorAsInMemory() throws IOException {
        String text = "select 1;\nCOPY t\n  FROM stdin;\n1\n2\n";

        assertThatThrownBy(() -> streamed(text, StandardCharsets.UTF_8, Map.of()))
                .isInstanceOf(SemException.class)
                .hasMessage(messageOf(() -> inMemory(text, StandardCharsets.UTF_8, Map.of())))
                .hasMessageContaining("line 4: the COPY ... FROM STDIN of line 2 has no data block");
    }

    @Test
    void invalidBytesAndNulCharactersInCopyDataAreTheSameErrorsAsInMemory() throws IOException {
        byte[] invalid = "COPY t FROM stdin;\n1\n\u00e9\n\\.\n".getBytes(StandardCharsets.UTF_8);
        invalid[21] = (byte) 0xFF;
        Script bad = Script.ofFile(NAME, write(invalid));
        ScriptReader utf8 = reader(StandardCharsets.UTF_8, Map.of());

        assertThatThrownBy(() -> utf8.read(bad))
                .hasMessage(messageOf(() -> utf8.read(Script.of(NAME, invalid))))
                .hasMessageContaining("invalid UTF-8 at byte 21");

        String nul = "COPY t FROM stdin;\n1\n2\u0000\n\\.\n";
        assertThatThrownBy(() -> streamed(nul, StandardCharsets.UTF_8, Map.of()))
                .hasMessage(messageOf(() -> inMemory(nul, StandardCharsets.UTF_8, Map.of())))
                .hasMessageContaining("line 3: contains a NUL character");
    }

    @Test
    void theChecksumOfAnUnreadScriptIsTheSameStreamed() throws IOException {
        Script file = Script.ofFile(NAME, write(DUMP.getBytes(StandardCharsets.UTF_8)));
        ScriptReader reader = reader(StandardCharsets.UTF_8, Map.of());

        assertThat(reader.normalizedSha256(file))
                .isEqualTo(reader.normalizedSha256(Script.of(NAME, DUMP.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(reader.read(file).normalizedSha256());
        assertThat(file).isEqualTo(Script.of(NAME, DUMP.getBytes(StandardCharsets.UTF_8)));
        assertThat(file.bytes()).isEqualTo(DUMP.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void largeFilesAreLoadedToStayInTheFile_smallOnesInMemory() throws IOException {
        Path small = write("select 1;\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ScriptReader.load(NAME, small).file()).isNull();

        Path large = dir.resolve("large.sql");
        Files.write(large, new byte[(int) ScriptReader.STREAMED_FROM_BYTES]);
        assertThat(ScriptReader.load(NAME, large).file()).isEqualTo(large);
        assertThat(ScriptReader.load(NAME, large).size()).isEqualTo(ScriptReader.STREAMED_FROM_BYTES);
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }
}
