package dev.sem.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Runs {@code psql -X -q -v ON_ERROR_STOP=1 -f file} on {@code db} (client encoding UTF8), in one transaction
     * ({@code -1}) when asked, and returns its exit code, a newline, and its output (stdout and stderr).
     */
    public static String psqlFile(TestDatabase db, Path file, boolean singleTransaction) throws Exception {
        String[] hp = db.server().hostAndPort().split(":");
        List<String> command = new ArrayList<>(List.of(PSQL.toString(), "-X", "-q"));
        if (singleTransaction) {
            command.add("-1");
        }
        command.addAll(List.of(
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                hp[0],
                "-p",
                hp[1],
                "-U",
                db.user(),
                "-d",
                db.name(),
                "-f",
                file.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGCLIENTENCODING", "UTF8");
        if (db.password() != null) {
            pb.environment().put("PGPASSWORD", db.password());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() + "\n" + out;
    }

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
