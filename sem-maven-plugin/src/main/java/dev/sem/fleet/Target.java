package dev.sem.fleet;

import java.util.Objects;

/**
 * One database of a fleet: an entry of a {@code connection_sets} set (pgpm spec §3.2). No credentials: they are
 * resolved per host as for a single database.
 *
 * @param uniqueName the entry's {@code unique_name}, or null when it has none
 * @param host the host
 * @param port the port
 * @param dbname the database
 * @param environment the entry's environment, or null
 * @param product the entry's product, or null
 * @param set the name of the set it came from
 */
public record Target(
        String uniqueName, String host, int port, String dbname, String environment, String product, String set) {

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dbname, "dbname");
        Objects.requireNonNull(set, "set");
    }

    /** How the target is named in logs and reports: its unique name, else {@code host:port/dbname}. */
    public String label() {
        return uniqueName != null ? uniqueName : host + ":" + port + "/" + dbname;
    }

    /** {@code host:port/dbname}. */
    public String address() {
        return host + ":" + port + "/" + dbname;
    }
}
