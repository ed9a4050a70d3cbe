package dev.sem.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a JSON report a user names: only regular files are opened, and errors are one line naming the file. */
class JsonReportsTest {

    /** A report. */
    record Report(int a) {}

    @TempDir
    Path dir;

    @Test
    void aReportIsReadBack() {
        Path file = dir.resolve("r.json");
        JsonReports.write(file, Map.of("a", 1));
        assertThat(JsonReports.read(file, Report.class)).isEqualTo(new Report(1));
    }

    @Test
    void aDirectoryOrADeviceIsNeverOpened() {
        assertThatThrownBy(() -> JsonReports.read(dir, Report.class))
                .isInstanceOf(SemException.class)
                .hasMessage("The JSON report " + dir + " is a directory, not a file; name a report file written with"
                        + " the report option");
        assertThatThrownBy(() -> JsonReports.read(Path.of("/dev/zero"), Report.class))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("is a FIFO, socket or device, not a regular file");
    }

    @Test
    void invalidJsonIsOneLineWithItsPosition() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\n  \"a\": ]\n}");
        assertThatThrownBy(() -> JsonReports.read(file, Report.class))
                .isInstanceOf(SemException.class)
                .satisfies(e -> assertThat(((SemException) e).isUserError()).isTrue())
                .hasMessageStartingWith("Could not read the JSON report " + file + " at line 2, column ")
                .hasMessageNotContaining("\n");
    }
}
