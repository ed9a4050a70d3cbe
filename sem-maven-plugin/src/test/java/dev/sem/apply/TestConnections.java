package dev.sem.apply;

import java.nio.file.Path;
import java.util.Map;

import dev.sem.db.ConnectionSettings;
import dev.sem.testing.TestDatabase;

/** Connection settings for test databases, isolated from the machine's libpq environment and ~/.pgpass. */
public final class TestConnections {

    private TestConnections() {}

    public static ConnectionSettings settings(TestDatabase db) {
        return settings(db.jdbcUrl(), db.user(), db.password());
    }

    public static ConnectionSettings settings(String jdbcUrl, String user, String password) {
        String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + user;
        ConnectionSettings.Builder b =
                ConnectionSettings.builder(url).env(Map.of()).userHome(Path.of(System.getProperty("java.io.tmpdir")));
        if (password != null) {
            b.password(password, "test");
        }
        return b.build();
    }
}
