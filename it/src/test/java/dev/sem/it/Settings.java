package dev.sem.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.testing.TestDatabase;

/**
 * A {@code settings.xml} for the builds: the user's local repository as repository {@code local.central} (so the
 * builds find third-party plugins without downloading them; checksums are ignored because a local repository holds
 * none), and {@code <server>} entries with database credentials.
 */
final class Settings {

    /** A {@code <server>}: the password as it is written, plain or {@code {encrypted}}. */
    record Server(String id, String username, String password) {}

    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final Map<String, Path> repositories = new LinkedHashMap<>();
    private boolean onlyUserRepositories;

    /** The credentials of the test database's role as server {@code sem-db}, when the server needs a password. */
    static Settings forDatabase(TestDatabase db) {
        Settings settings = new Settings();
        if (db.password() != null) {
            settings.server("sem-db", db.user(), db.password());
        }
        return settings;
    }

    Settings server(String id, String username, String password) {
        servers.put(id, new Server(id, username, password));
        return this;
    }

    /**
     * Only the user's repositories reachable: the repository {@code central} (which Maven itself declares) is the
     * staged file repository, and every HTTP and HTTPS request goes through a proxy that refuses connections, so any
     * attempt to reach a repository the user did not configure fails (and Maven says so).
     */
    Settings onlyUserRepositories() {
        this.onlyUserRepositories = true;
        return this;
    }

    /** An extra release repository, for example one that {@code mvn deploy} wrote to. */
    Settings repository(String id, Path dir) {
        repositories.put(id, dir);
        return this;
    }

    /** Writes the file and returns its path. */
    Path write(Path file) {
        String repo = Maven.REMOTE_REPOSITORY.toUri().toString();
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n");
        if (!servers.isEmpty()) {
            xml.append("  <servers>\n");
            for (Server s : servers.values()) {
                xml.append("    <server>\n      <id>").append(escape(s.id())).append("</id>\n");
                if (s.username() != null) {
                    xml.append("      <username>").append(escape(s.username())).append("</username>\n");
                }
                if (s.password() != null) {
                    xml.append("      <password>").append(escape(s.password())).append("</password>\n");
                }
                xml.append("    </server>\n");
            }
            xml.append("  </servers>\n");
        }
        if (onlyUserRepositories) {
            xml.append("  <proxies>\n");
            for (String protocol : List.of("http", "https")) {
                xml.append("    <proxy><id>refuse-")
                        .append(protocol)
                        .append("</id><active>true</active><protocol>")
                        .append(protocol)
                        .append("</protocol><host>127.0.0.1</host><port>9</port></proxy>\n");
            }
            xml.append("  </proxies>\n");
        }
        String policy = "<enabled>true</enabled><checksumPolicy>ignore</checksumPolicy>";
        xml.append("  <profiles>\n    <profile>\n      <id>it-repo</id>\n")
                .append("      <activation><activeByDefault>true</activeByDefault></activation>\n")
                .append("      <repositories><repository><id>local.central</id><url>")
                .append(repo)
                .append("</url>\n        <releases>")
                .append(policy)
                .append("</releases><snapshots>")
                .append(policy)
                .append("</snapshots></repository>\n");
        for (Map.Entry<String, Path> r : repositories.entrySet()) {
            xml.append("        <repository><id>")
                    .append(escape(r.getKey()))
                    .append("</id><url>")
                    .append(r.getValue().toUri())
                    .append("</url><releases>")
                    .append(policy)
                    .append("</releases></repository>\n");
        }
        if (onlyUserRepositories) {
            xml.append("        <repository><id>central</id><url>")
                    .append(repo)
                    .append("</url><releases>")
                    .append(policy)
                    .append("</releases></repository>\n");
        }
        xml.append("      </repositories>\n")
                .append("      <pluginRepositories><pluginRepository><id>local.central</id><url>")
                .append(repo)
                .append("</url>\n        <releases>")
                .append(policy)
                .append("</releases><snapshots>")
                .append(policy)
                .append("</snapshots></pluginRepository>\n");
        if (onlyUserRepositories) {
            xml.append("        <pluginRepository><id>central</id><url>")
                    .append(repo)
                    .append("</url><releases>")
                    .append(policy)
                    .append("</releases></pluginRepository>\n");
        }
        xml.append("      </pluginRepositories>\n").append("    </profile>\n  </profiles>\n");
        xml.append("</settings>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
