package dev.sem.script;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptTextTest {

    private static final String F = "scripts/20240101-000000.sql";

    @Test
    void decodesUtf8() {
        assertThat(ScriptText.decode(F, "select 'grüß';".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("select 'grüß';");
    }

    @Test
    void stripsTheBom() {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 's', 'e', 'l'};
        assertThat(ScriptText.decode(F, bytes, null)).isEqualTo("sel");
    }

    @Test
    void keepsABomLaterInTheText() {
        assertThat(ScriptText.decode(F, "a\uFEFFb".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a\uFEFFb");
    }

    @Test
    void keepsCrlf() {
        assertThat(ScriptText.decode(F, "a;\r\nb;\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a;\r\nb;\r\n");
    }

    @Test
    void invalidByteIsAnErrorWithItsOffset() {
        byte[] bytes = "select 'gr".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, bad, 0, bytes.length);
        bad[bytes.length] = (byte) 0xFC; // Latin-1 ü
        bad[bytes.length + 1] = '\'';
        bad[bytes.length + 2] = ';';
        assertThatThrownBy(() -> ScriptText.decode(F, bad, StandardCharsets.UTF_8))
                .isInstanceOf(SemException.class)
                .hasMessage(
                        "File[" + F + "]: invalid UTF-8 at byte 10; save it as UTF-8 or set the encoding parameter");
    }

    @Test
    void truncatedSequenceAtTheEndIsAnError() {
        byte[] bad = {'a', 'b', (byte) 0xC3};
        assertThatThrownBy(() -> ScriptText.decode(F, bad))
                .hasMessage("File[" + F + "]: invalid UTF-8 at byte 2; save it as UTF-8 or set the encoding parameter");
    }

    @Test
    void overlongEncodingIsAnError() {
        byte[] bad = {'a', (byte) 0xC0, (byte) 0xAF};
        assertThatThrownBy(() -> ScriptText.decode(F, bad)).hasMessageContaining("invalid UTF-8 at byte 1;");
    }

    @Test
    void latin1WithExplicitCharset() {
        byte[] latin1 = {'g', 'r', (byte) 0xFC, (byte) 0xDF};
        assertThat(ScriptText.decode(F, latin1, StandardCharsets.ISO_8859_1)).isEqualTo("grüß");
    }

    @Test
    void otherCharsetNamesItselfInTheMessage() {
        byte[] bad = {'a', (byte) 0x81};
        assertThatThrownBy(() -> ScriptText.decode(F, bad, Charset.forName("windows-1252")))
                .hasMessage("File[" + F + "]: invalid windows-1252 at byte 1; save it as windows-1252 or set the"
                        + " encoding parameter");
    }

    @Test
    void sha256() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aCallerCanWordTheErrorWithTheByteAndItsLine() {
        byte[] bad = "a;\nb;\nselect 'caf\u00e9';".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ScriptText.decode(
                        bad,
                        StandardCharsets.UTF_8,
                        at -> new IllegalArgumentException(at.offset() + "/" + at.value() + "/" + at.line())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("17/233/3");
    }

    @Test
    void aNulCharacterIsRefusedWithItsLine() {
        assertThatThrownBy(
                        () -> ScriptText.decode("x.sql", "a\nb\0c".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessage("File[x.sql] line 2: contains a NUL character (a zero byte), which PostgreSQL cannot take"
                        + " in SQL text; remove it (is it a binary file?)");
        assertThat(ScriptText.nulProblem("no nul here")).isNull();
    }
}
