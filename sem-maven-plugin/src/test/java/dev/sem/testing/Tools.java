package dev.sem.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command-line tools some tests compare with (Debian's psql, GNU tar). On a developer's machine a missing tool skips
 * the test; in CI ({@code CI} set, where {@code .ci/run} installs them) it fails it, so a comparison never goes
 * silently untested.
 */
public final class Tools {

    private Tools() {}

    /** Debian's psql client. */
    public static final Path PSQL = Path.of("/usr/bin/psql");

    /** Requires {@code tool}: fails in CI when it is missing, skips the test elsewhere. */
    public static Path require(Path tool, String what) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            assertThat(tool)
                    .as(what + " must be installed in CI (.ci/run installs it)")
                    .isExecutable();
        } else {
            Assumptions.assumeTrue(Files.isExecutable(tool), what + " is not installed at " + tool);
        }
        return tool;
    }
}
