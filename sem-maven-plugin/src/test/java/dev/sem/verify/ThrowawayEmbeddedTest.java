package dev.sem.verify;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.sem.SemException;
import io.zonky.test.db.postgres.util.ArchUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts embedded servers of its own (besides the shared test server) from the binaries jar on the class path. */
class ThrowawayEmbeddedTest {

    private static final int MAJOR = Integer.parseInt(System.getProperty("sem.test.postgres", "17"));

    @Test
    void startsQueriesAndCleansUp(@TempDir Path workDir) throws Exception {
        Path dataDir;
        String url;
        try (ThrowawayPostgres pg = ThrowawayPostgres.embedded(binariesJar(), MAJOR, workDir.resolve("sem-verify"))) {
            assertThat(pg.major()).isEqualTo(MAJOR);
            assertThat(pg.user()).isEqualTo("postgres");
            assertThat(pg.password()).isNull();
            assertThat(pg.jdbcUrl()).matches("jdbc:postgresql://localhost:\\d+/verify");
            assertThat(pg.description()).startsWith("embedded PostgreSQL " + MAJOR + ".");

            try (Connection c = pg.connect();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id int PRIMARY KEY, name text)");
                s.execute("INSERT INTO t VALUES (1, 'one')");
                try (ResultSet rs = s.executeQuery(
                        "SELECT current_database(), current_setting('server_version_num')::int / 10000, name FROM t")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("verify");
                    assertThat(rs.getInt(2)).isEqualTo(MAJOR);
                    assertThat(rs.getString(3)).isEqualTo("one");
                }
            }
            List<Path> dirs = list(workDir.resolve("sem-verify")).stream()
                    .filter(Files::isDirectory)
                    .toList();
            assertThat(dirs).hasSize(1);
            dataDir = dirs.get(0);
            assertThat(dataDir.getFileName().toString()).matches("pg-[0-9a-f]{12}");
            assertThat(dataDir.resolve("PG_VERSION")).hasContent(String.valueOf(MAJOR));
            url = pg.jdbcUrl();
        }
        assertThat(dataDir).doesNotExist();
        assertThat(list(workDir.resolve("sem-verify")))
                .as("no data directory, no log")
                .isEmpty();
        assertThatThrownBy(
                        () -> ThrowawayPostgres.connect(url, "postgres", null).close())
                .as("the server is stopped")
                .isInstanceOf(SQLException.class);
    }

    @Test
    void wrongExpectedMajorIsAClearErrorAndLeavesNothingBehind(@TempDir Path workDir) throws Exception {
        int wrong = MAJOR - 1;
        assertThatThrownBy(() -> ThrowawayPostgres.embedded(binariesJar(), wrong, workDir))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("is " + MAJOR + ".")
                .hasMessageContaining("not " + wrong)
                .hasMessageContaining("use the binaries for " + wrong);
        assertThat(list(workDir)).isEmpty();
    }

    /** The binaries jar of this machine on the test class path (the root POM puts those of -Dsem.test.postgres). */
    static Path binariesJar() throws IOException, URISyntaxException {
        String os = Binaries.os(System.getProperty("os.name"));
        String resource = "postgres-" + os + "-" + ArchUtils.normalize(System.getProperty("os.arch")) + ".txz";
        URL url = ThrowawayEmbeddedTest.class.getClassLoader().getResource(resource);
        assertThat(url).as(resource + " on the test class path").isNotNull();
        assertThat(url.getProtocol().toLowerCase(Locale.ROOT)).isEqualTo("jar");
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        return Path.of(connection.getJarFileURL().toURI());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.toList();
        }
    }
}
