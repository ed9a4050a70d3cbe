package dev.sem.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import dev.sem.history.DryRunRecords;
import dev.sem.history.History;
import dev.sem.history.StoredChecksum;
import dev.sem.script.ExecutorDirective;
import dev.sem.script.PsqlScript;
import dev.sem.script.ScriptSet;
import dev.sem.script.Sha256;
import dev.sem.script.TransactionMode;

/**
 * Runs a script marked {@code -- sem.executor = psql} through the installed psql, in a psql session of its own on the
 * same target, while sem keeps holding the apply lock on its own session.
 *
 * <p>psql gets the connection through the libpq environment ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
 * {@code PGUSER}, the password only as {@code PGPASSWORD}), never a password on its command line, and these options:
 * {@code --no-psqlrc --quiet --no-align --tuples-only -v ON_ERROR_STOP=1 -v VERBOSITY=verbose} plus one {@code -v} per
 * script variable. Its working directory is the base directory, so {@code \i} resolves as under sem (Ruby) and the
 * built-in executor, and {@code \ir} against the original file. On its standard input it reads:
 *
 * <ul>
 *   <li>{@code transaction = single}: the managed {@code lock_timeout}, {@code BEGIN}, {@code \i <the original file>},
 *       the same history rows sem's own executor writes (as literals: psql cannot bind values) and {@code COMMIT}, so
 *       the script and its record commit together or not at all. A lock timeout (SQLSTATE 55P03) rolled everything
 *       back, so the script is retried with the built-in executor's backoff, unless it ends its transaction itself.
 *   <li>{@code transaction = none}: the managed {@code lock_timeout} and {@code \i <the original file>}; each statement
 *       commits on its own, and sem records the script once psql succeeded. There is no statement-by-statement resume
 *       and no retry: after a failure the next run runs the whole file again.
 * </ul>
 */
final class PsqlExecutor {

    /** psql's verbose error line: {@code psql:<file>:<line>: ERROR:  55P03: canceling statement ...}. */
    private static final Pattern ERROR_LINE =
            Pattern.compile("^(?:psql:(.*?):(\\d+): )?(?:ERROR|FATAL):\\s+(?:([0-9A-Z]{5}): )?(.*)$");

    private static final Pattern SETS_LOCK_TIMEOUT = Pattern.compile(
            "(\\bset\\s+(local\\s+|session\\s+)?lock_timeout\\b)|(set_config\\s*\\(\\s*'lock_timeout')");

    private final Run run;
    private final Path baseDir;

    PsqlExecutor(Run run, Path baseDir) {
        this.run = run;
        this.baseDir = baseDir;
    }

    /**
     * Checks, before anything is written, that the pending scripts marked {@code -- sem.executor = psql} can run: the
     * psql program starts and says its version. Warns once that such {@code transaction = none} scripts cannot resume
     * statement by statement.
     *
     * @return the problems, empty when there is no such script or psql runs
     */
    static List<Message> check(Run run, List<PendingScript> pending) {
        List<String> names = new ArrayList<>();
        List<String> none = new ArrayList<>();
        for (PendingScript p : pending) {
            if (p.script().runsWithPsql()) {
                names.add(p.name());
                if (p.script().mode() == TransactionMode.NONE) {
                    none.add(p.name());
                }
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        String program = run.options.psql();
        String version;
        try {
            version = version(program);
        } catch (SemException e) {
            return List.of(Message.text(names.size() + " pending script(s) run with psql ('"
                            + ExecutorDirective.LINE + "': " + String.join(", ", names) + "), but " + program
                            + " cannot be run on this host: " + e.getMessage() + ". Install the PostgreSQL client"
                            + " (Debian/Ubuntu: apt-get install postgresql-client; RHEL: dnf install postgresql), or"
                            + " name the program with ")
                    .then(Option.PSQL, "/path/to/psql")
                    .then("; or rewrite the script(s) in plain SQL and remove the directive"));
        }
        run.log.info("  " + names.size() + " script(s) run with " + version + " (" + ExecutorDirective.LINE + "): "
                + String.join(", ", names));
        if (!none.isEmpty()) {
            run.warn("Script(s) run with psql and transaction = none: " + String.join(", ", none) + ". sem cannot"
                    + " resume them statement by statement nor retry them on a lock timeout: if one fails, the"
                    + " statements before the failure stay committed and the next run runs the whole file again, so"
                    + " write them to be idempotent (IF NOT EXISTS, ON CONFLICT DO NOTHING, ...)");
        }
        return List.of();
    }

    /** {@code psql --version}, or a SemException saying why it cannot be run. */
    static String version(String program) {
        Process p;
        try {
            p = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new SemException(e.getMessage());
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            String out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SemException("'" + program + " --version' did not finish within 30 s");
            }
            if (p.exitValue() != 0 || !out.startsWith("psql")) {
                throw new SemException("'" + program + " --version' exited with " + p.exitValue() + " and said '"
                        + firstLine(out) + "', not a psql version");
            }
            return firstLine(out);
        } catch (IOException e) {
            throw new SemException(e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while running " + program + " --version", e);
        }
    }

    /** The file psql reads for a script: the original, in the base directory's {@code scripts/}. */
    static Path file(Path baseDir, String name) {
        return baseDir.toAbsolutePath()
                .normalize()
                .resolve(ScriptSet.SCRIPTS_DIR)
                .resolve(name);
    }

    /**
     * A psql meta-command argument that stands for {@code value} exactly: single-quoted, with {@code '} doubled and
     * backslashes escaped (psql reads C-like escapes inside quotes).
     */
    static String quoteArgument(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * What psql reads on its standard input for {@code p}: the lock timeout, then the file, in {@code single} mode in
     * one transaction with its history rows.
     */
    static String input(PendingScript p, Path file, StoredChecksum record, ApplyOptions options) {
        StringBuilder in = new StringBuilder();
        in.append("\\set ON_ERROR_STOP 1\n");
        if (managesLockTimeout(options, p)) {
            in.append("SET lock_timeout = '")
                    .append(options.lockTimeout().toMillis())
                    .append("ms';\n");
        }
        boolean single = p.script().mode() == TransactionMode.SINGLE;
        if (single) {
            in.append("BEGIN;\n");
        }
        in.append("\\i ").append(quoteArgument(file.toString())).append('\n');
        if (single) {
            // History is written as the connecting role, whatever role the script switched to (as the built-in does).
            in.append("SET LOCAL ROLE NONE;\n");
            in.append(DryRunRecords.recordApplied(record)).append(";\n");
            in.append("COMMIT;\n");
        }
        return in.toString();
    }

    private static boolean managesLockTimeout(ApplyOptions options, PendingScript p) {
        return !options.lockTimeout().isZero()
                && !SETS_LOCK_TIMEOUT
                        .matcher(p.script().text().toLowerCase(Locale.ROOT))
                        .find();
    }

    /** Runs {@code p} with psql and records it (see the class comment). */
    ScriptExecutor.Outcome run(PendingScript p, StoredChecksum record) {
        long started = System.nanoTime();
        Path file = file(baseDir, p.name());
        checkUnchanged(p, file);
        boolean single = p.script().mode() == TransactionMode.SINGLE;
        boolean retryable =
                single && !PsqlScript.endsTransactionItself(p.script().text());
        int attempt = 0;
        while (true) {
            Result r = execute(input(p, file, record, run.options));
            if (r.exitCode() == 0) {
                long durationMs = (System.nanoTime() - started) / 1_000_000;
                try {
                    if (single) {
                        if (!History.isRecorded(run.work, p.name())) {
                            // psql exited without error but before its COMMIT, so it rolled back on exit.
                            throw new ScriptFailedException(
                                    Message.text("File[" + p.script().displayPath() + "]: psql exited before the"
                                            + " COMMIT sem gave it after the script, so nothing of it was committed or"
                                            + " recorded; look at psql's output below"),
                                    true,
                                    p.name(),
                                    p.script().displayPath(),
                                    null,
                                    r.output(),
                                    0,
                                    null);
                        }
                        recordDuration(p.name(), durationMs);
                    } else {
                        recordNone(record, durationMs);
                    }
                } catch (SQLException e) {
                    throw new ScriptFailedException(
                            Message.text("File[" + p.script().displayPath() + "]: psql applied the script, but"
                                    + " recording it failed: " + StatementRunner.serverMessage(e)
                                    + (single
                                            ? ""
                                            : "; record it by hand (see below) or run again (the whole file runs"
                                                    + " again)")),
                            false,
                            p.name(),
                            p.script().displayPath(),
                            e.getSQLState(),
                            StatementRunner.serverReport(e),
                            0,
                            e);
                }
                return new ScriptExecutor.Outcome(0, attempt, durationMs);
            }
            if (retryable && "55P03".equals(r.sqlState()) && attempt < run.options.lockRetries()) {
                attempt++;
                long sleep = ScriptExecutor.backoffMillis(attempt);
                run.log.warn("  " + p.name() + (r.line() == null ? "" : " line " + r.line()) + ": lock_timeout ("
                        + run.options.lockTimeout().toMillis() + "ms) reached under psql; the transaction rolled"
                        + " back; retry " + attempt + "/" + run.options.lockRetries() + " in " + sleep + " ms");
                sleep(p, sleep);
                continue;
            }
            throw failure(p, r, single);
        }
    }

    /** The bytes psql will read must be those sem checked and hashes. */
    private static void checkUnchanged(PendingScript p, Path file) {
        String sha;
        try {
            sha = Sha256.hex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw SemException.environment(
                    "Could not read File[" + p.script().displayPath() + "] for psql: " + e.getMessage(), e);
        }
        if (!sha.equals(p.script().sha256())) {
            throw new SemException("File[" + p.script().displayPath() + "] changed while sem was running (sha256 "
                    + p.script().sha256() + " when read, " + sha + " now); nothing of it was run: run again");
        }
    }

    /** Exit code, output (password redacted) and the first error psql reported. */
    private record Result(int exitCode, List<String> output, String sqlState, String line, String message) {}

    private Result execute(String input) {
        List<String> command = new ArrayList<>(List.of(
                run.options.psql(),
                "--no-psqlrc",
                "--quiet",
                "--no-align",
                "--tuples-only",
                "-v",
                "ON_ERROR_STOP=1",
                "-v",
                "VERBOSITY=verbose"));
        for (Map.Entry<String, String> v : run.options.variables().entrySet()) {
            command.add("-v");
            command.add(v.getKey() + "=" + v.getValue());
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(baseDir.toAbsolutePath().toFile())
                .redirectErrorStream(true);
        environment(pb.environment(), run.settings, run.options.encoding());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw SemException.environment(
                    Message.text("Could not start " + run.options.psql() + ": " + e.getMessage()
                                    + "; install the PostgreSQL client or name the program with ")
                            .then(Option.PSQL, "/path/to/psql"),
                    e);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // psql stopped reading (it failed early); its output says why.
            }
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            int exit = process.waitFor();
            List<String> lines = new ArrayList<>();
            for (String line : run.settings.redact(out).split("\n", -1)) {
                if (!line.isBlank()) {
                    lines.add(line.stripTrailing());
                }
            }
            for (String line : lines) {
                Matcher m = ERROR_LINE.matcher(line);
                if (m.matches()) {
                    return new Result(exit, lines, m.group(3), m.group(2), m.group(4));
                }
            }
            return new Result(exit, lines, null, null, null);
        } catch (IOException e) {
            process.destroyForcibly();
            throw SemException.environment("Could not read the output of " + run.options.psql() + ": " + e, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while psql was running a script", e);
        }
    }

    /**
     * The libpq environment for the target sem is connected to: host(s), port(s), database, user, {@code sslmode}, the
     * password only here (never on a command line), the client encoding of the scripts, and an application name.
     */
    static void environment(Map<String, String> env, ConnectionSettings settings, Charset encoding) {
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (DatabaseUrl.Host h : settings.hosts()) {
            hosts.add(h.name());
            ports.add(String.valueOf(h.port()));
        }
        env.put("PGHOST", String.join(",", hosts));
        env.put("PGPORT", String.join(",", ports));
        env.put("PGDATABASE", settings.database());
        env.put("PGUSER", settings.user());
        settings.password().ifPresent(pw -> env.put("PGPASSWORD", pw));
        String sslmode = settings.url().parameters().get("sslmode");
        if (sslmode != null && !sslmode.isBlank()) {
            env.put("PGSSLMODE", sslmode);
        }
        env.put("PGAPPNAME", "sem (psql executor)");
        String pgEncoding = switch (encoding.name().toUpperCase(Locale.ROOT)) {
            case "UTF-8" -> "UTF8";
            case "ISO-8859-1" -> "LATIN1";
            case "WINDOWS-1252" -> "WIN1252";
            default -> null;
        };
        if (pgEncoding != null) {
            env.put("PGCLIENTENCODING", pgEncoding);
        }
    }

    /** In {@code single} mode psql wrote the rows; only the duration is added, which psql could not know. */
    private void recordDuration(String name, long durationMs) throws SQLException {
        try (PreparedStatement ps = run.work.prepareStatement(
                "UPDATE \"schema_evolution_manager\".\"sem_java_script_checksums\" SET \"duration_ms\" = ?"
                        + " WHERE \"filename\" = ? AND \"duration_ms\" IS NULL")) {
            ps.setLong(1, durationMs);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    /** In {@code none} mode sem records the script on its own session once psql succeeded. */
    private void recordNone(StoredChecksum r, long durationMs) throws SQLException {
        try (Statement st = run.work.createStatement()) {
            st.execute("BEGIN");
            try {
                History.recordApplied(run.work, r.withDurationMs(durationMs));
                st.execute("COMMIT");
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private ScriptFailedException failure(PendingScript p, Result r, boolean single) {
        String display = p.script().displayPath();
        String ownFile = file(baseDir, p.name()).toString();
        StringBuilder summary = new StringBuilder("File[").append(display).append(']');
        if (r.line() != null) {
            Matcher m = ERROR_LINE.matcher(r.output().stream()
                    .filter(l -> ERROR_LINE.matcher(l).matches())
                    .findFirst()
                    .orElse(""));
            boolean inScript = m.matches() && ownFile.equals(m.group(1));
            summary.append(inScript ? " line " + r.line() : " (psql:" + m.group(1) + ":" + r.line() + ")");
        }
        summary.append(": ")
                .append(r.message() != null ? r.message() : "psql exited with " + r.exitCode() + exitMeaning(r));
        if (r.sqlState() != null) {
            summary.append(" (SQLSTATE ").append(r.sqlState()).append(')');
        }
        if ("55P03".equals(r.sqlState())
                && single
                && !PsqlScript.endsTransactionItself(p.script().text())) {
            summary.append("; still blocked after ")
                    .append(run.options.lockRetries())
                    .append(" retries");
        }
        if (single) {
            summary.append(
                    PsqlScript.endsTransactionItself(p.script().text())
                            ? "; the script ends its transaction itself, so what it committed before that stays"
                                    + " committed; the script was not recorded"
                            : "; psql ran it in one transaction: nothing of it was committed or recorded");
        } else {
            summary.append("; psql ran it with transaction = none: the statements before the failure stay committed,"
                    + " the script was not recorded, and the next run runs the whole file again with psql");
        }
        return new ScriptFailedException(
                Message.text(summary.toString()),
                r.exitCode() == 3,
                p.name(),
                display,
                r.sqlState(),
                r.output(),
                0,
                null);
    }

    private static String exitMeaning(Result r) {
        return switch (r.exitCode()) {
            case 2 -> " (it could not connect, or lost the connection)";
            case 3 -> " (an error in the script)";
            default -> "";
        };
    }

    private static void sleep(PendingScript p, long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting to retry " + p.name(), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
