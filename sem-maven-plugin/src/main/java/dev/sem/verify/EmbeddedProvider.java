package dev.sem.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import dev.sem.SemException;
import dev.sem.TempFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** {@link ThrowawayPostgres#embedded}: a zonky PostgreSQL server started from a binaries jar. */
final class EmbeddedProvider {

    /** The database created in the server for the replay. */
    static final String DATABASE = "verify";

    private EmbeddedProvider() {}

    static ThrowawayPostgres start(Path binariesJar, int expectedMajor, Path workDir) {
        Objects.requireNonNull(binariesJar, "binariesJar");
        Objects.requireNonNull(workDir, "workDir");
        Path jar = binariesJar.toAbsolutePath().normalize();
        String entry = Binaries.txzEntry(jar);
        Binaries.checkMachine(entry, jar);

        Path work = workDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw SemException.environment("Could not create " + work + " for the embedded PostgreSQL: " + e, e);
        }
        String id = ThrowawayPostgres.randomName("pg-");
        Path dataDir = work.resolve(id);
        Path log = work.resolve(id + ".log");
        EmbeddedPostgres postgres = startServer(jar, entry, dataDir, log);
        ThrowawayPostgres.ServerVersion version = createDatabase(postgres, jar, expectedMajor, dataDir, log);
        String description = "embedded PostgreSQL " + version.text() + " (" + jar.getFileName() + ") on localhost:"
                + postgres.getPort() + "/" + DATABASE + ", data in " + dataDir;
        return new ThrowawayPostgres(
                jdbcUrl(postgres, DATABASE),
                "postgres",
                null,
                version.major(),
                description,
                () -> stop(postgres, dataDir, log));
    }

    /** Starts a server on a fresh data directory, its output appended to {@code log}. */
    private static EmbeddedPostgres startServer(Path jar, String entry, Path dataDir, Path log) {
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        try {
            return EmbeddedPostgres.builder()
                    .setPgBinaryResolver(new Binaries.JarResolver(jar, entry))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    // The same behaviour and messages on every build machine, whatever its LANG.
                    .setLocaleConfig("locale", "C")
                    // A throwaway server: durability buys nothing.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            TempFiles.deleteTree(dataDir);
            throw SemException.environment(
                    "Could not start the embedded PostgreSQL from " + jar.getFileName() + ": " + message(e) + "; see "
                            + log + rootHint(),
                    e);
        }
    }

    /** Checks the server's major version and creates the throwaway database; stops the server if either fails. */
    private static ThrowawayPostgres.ServerVersion createDatabase(
            EmbeddedPostgres postgres, Path jar, int expectedMajor, Path dataDir, Path log) {
        try (Connection c = ThrowawayPostgres.connect(jdbcUrl(postgres, "postgres"), "postgres", null);
                Statement s = c.createStatement()) {
            ThrowawayPostgres.ServerVersion version = ThrowawayPostgres.ServerVersion.of(c);
            if (version.major() != expectedMajor) {
                throw new SemException("The embedded PostgreSQL from " + jar.getFileName() + " is " + version.text()
                        + ", not " + expectedMajor + ": use the binaries for " + expectedMajor
                        + coordinatesHint(expectedMajor) + ", or configure major " + version.major());
            }
            s.execute("CREATE DATABASE " + DATABASE);
            return version;
        } catch (SQLException | RuntimeException e) {
            stop(postgres, dataDir, log);
            if (e instanceof SemException semException) {
                throw semException;
            }
            throw SemException.environment(
                    "The embedded PostgreSQL from " + jar.getFileName() + " started but does not answer: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String jdbcUrl(EmbeddedPostgres postgres, String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** Stops the server (zonky deletes the data directory) and removes what is left, the log included. */
    private static void stop(EmbeddedPostgres postgres, Path dataDir, Path log) {
        try {
            postgres.close();
        } catch (IOException e) {
            // zonky logs its own failures; the directory is removed below either way.
        }
        if (System.getProperty("ot.epg.no-cleanup") == null) {
            TempFiles.deleteTree(dataDir);
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A leftover log under target/ is harmless.
            }
        }
    }

    private static String coordinatesHint(int major) {
        try {
            return " (" + Binaries.coordinates(major) + ")";
        } catch (SemException e) {
            return "";
        }
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static String rootHint() {
        if ("root".equals(System.getProperty("user.name"))
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return " (as root, zonky runs PostgreSQL under 'unshare -U' as uid 65534: it needs the unshare command"
                    + " and a passwd entry for uid 65534, nobody)";
        }
        return "";
    }
}
