package dev.sem.maven;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.InvalidOptionException;
import dev.sem.apply.ApplyOptions;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sem:verify reads scripts as sem:apply does: with the shared encoding, strictness and variables parameters. */
class VerifyMojoTest {

    private static VerifyMojo mojo(String encoding) {
        VerifyMojo mojo = new VerifyMojo(null);
        mojo.encoding = encoding;
        mojo.strict = true;
        mojo.lockTimeout = 2000;
        mojo.variables = Map.of("schema", "app");
        return mojo;
    }

    @Test
    void verifyReadsScriptsInTheConfiguredEncoding() {
        ApplyOptions options = mojo("ISO-8859-1").applyOptions();
        assertThat(options.encoding()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(options.strict()).isTrue();
        assertThat(options.variables()).containsEntry("schema", "app");

        // A Latin-1 script (é is the single byte E9, invalid in UTF-8) reads with these options.
        byte[] latin1 = "COMMENT ON SCHEMA app IS 'caf\u00e9';\n".getBytes(StandardCharsets.ISO_8859_1);
        Script read = new ScriptReader(null, options.readOptions(), EngineLog.silent())
                .read(Script.of("20260101-000000.sql", latin1));
        assertThat(read.text()).contains("caf\u00e9");
    }

    @Test
    void anUnknownEncodingNamesTheParameter() {
        assertThatThrownBy(() -> mojo("latin-nine").applyOptions())
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Encoding latin-nine is not a known character set; use UTF-8")
                .satisfies(e -> assertThat(AbstractSemMojo.howToSet(((InvalidOptionException) e).option()))
                        .isEqualTo("set -Dsem.encoding"));
    }
}
