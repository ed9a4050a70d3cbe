package dev.sem.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PgBouncer started by a test in front of the test server: writes {@code pgbouncer.ini} and the {@code auth_file}
 * into a temporary directory, listens on a free local port, waits until it accepts connections, and stops it (and
 * removes the directory) on {@link #close()}. Clients are trusted; PgBouncer logs into the server as the test user,
 * with its password when the server has one. PgBouncer refuses to run as root, so as root it runs as {@code nobody}
 * ({@code -u}) with the directory open to it. {@code extra_float_digits}, which the JDBC driver sends, is ignored
 * as a startup parameter, as every PgBouncer in front of Java clients is configured.
 */
public final class PgBouncer implements AutoCloseable {

    /** Debian's {@code pgbouncer} package. */
    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    private final Process process;
    private final Path dir;
    private final int port;

    private PgBouncer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts PgBouncer in {@code poolMode} ({@code session}, {@code transaction} or {@code statement}) for every
     * database of {@code server}; requires the binary like {@link Tools#require}.
     */
    public static PgBouncer start(PostgresServer server, String poolMode) throws Exception {
        Tools.require(BINARY, "PgBouncer (Debian package pgbouncer)");
        Path dir = Files.createTempDirectory("sem-pgbouncer");
        boolean root = "root".equals(System.getProperty("user.name"));
        int port = freePort();
        String[] hp = server.hostAndPort().split(":");
        String host = hp[0].equals("localhost") ? "127.0.0.1" : hp[0];
        String password = server.password() == null ? "" : server.password();
        write(dir.resolve("userlist.txt"), quote(server.user()) + " " + quote(password) + "\n");
        write(
                dir.resolve("pgbouncer.ini"),
                String.join(
                        "\n",
                        "[databases]",
                        "* = host=" + host + " port=" + hp[1],
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + port,
                        "unix_socket_dir =",
                        "auth_type = trust",
                        "auth_file = " + dir.resolve("userlist.txt"),
                        "pool_mode = " + poolMode,
                        "max_client_conn = 200",
                        "default_pool_size = 20",
                        "ignore_startup_parameters = extra_float_digits",
                        "logfile = " + dir.resolve("pgbouncer.log"),
                        "")); // server_round_robin stays 0: the server connection released last is reused first
        if (root) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if (root) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.add(dir.resolve("pgbouncer.ini").toString());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        PgBouncer bouncer = new PgBouncer(p, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = bouncer.log();
                bouncer.close();
                throw new IllegalStateException("PgBouncer did not start on port " + port + ": " + log);
            }
            Thread.sleep(50);
        }
        return bouncer;
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database} through this PgBouncer. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** {@code 127.0.0.1:port}. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** PgBouncer's output and log so far. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("stdout.log", "pgbouncer.log")) {
            try {
                sb.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not written (yet)
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
