package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The package registry's schema ({@code sem_packages}), created or upgraded inside the caller's transaction.
 *
 * <p>Skeleton: creates migration 1 when the schema is absent. The registry owner replaces this with the versioned
 * migration list, the server-side functions and the registry lock.
 */
public final class RegistrySchema {

    /** The registry schema. */
    public static final String SCHEMA = "sem_packages";

    private RegistrySchema() {}

    /** Creates the registry in the caller's transaction when it is absent. */
    public static void ensure(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(resource("001-tables.sql"));
        }
    }

    static String resource(String name) {
        try (InputStream in = RegistrySchema.class.getResourceAsStream("registry/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing registry resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read registry resource " + name, e);
        }
    }
}
