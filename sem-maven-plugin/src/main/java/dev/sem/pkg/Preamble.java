package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The session preamble of a deploy (pgpm spec §6.2 Ours): {@code statement_timeout} (default 0), {@code lock_timeout}
 * (default 10 s), {@code client_encoding} UTF8, {@code check_function_bodies} off, {@code escape_string_warning} off,
 * and {@code standard_conforming_strings} only when the descriptor states it. Transaction-local in a deploy
 * transaction, session-level for auto-commit deploys. Values are bound.
 */
final class Preamble {

    private Preamble() {}

    static void apply(Connection c, PackageDescriptor d, DeployOptions o, boolean local) throws SQLException {
        String sql = "SELECT pg_catalog.set_config('statement_timeout', ?, ?),"
                + " pg_catalog.set_config('lock_timeout', ?, ?),"
                + " pg_catalog.set_config('client_encoding', 'UTF8', ?),"
                + " pg_catalog.set_config('check_function_bodies', 'off', ?),"
                + " pg_catalog.set_config('escape_string_warning', 'off', ?)";
        Sql.execBound(
                c,
                sql,
                o.statementTimeout().toMillis() + "ms",
                local,
                o.lockTimeout().toMillis() + "ms",
                local,
                local,
                local,
                local);
        if (d.standardConformingStrings() != null) {
            Sql.execBound(
                    c,
                    "SELECT pg_catalog.set_config('standard_conforming_strings', ?, ?)",
                    d.standardConformingStrings(),
                    local);
        }
    }
}
