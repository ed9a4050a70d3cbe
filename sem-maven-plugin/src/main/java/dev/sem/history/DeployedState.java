package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a database says about its deployment, read-only (sem's {@code sem-info db version} and {@code db scripts}): the
 * deployed version (the latest row of {@code versions}) and the applied scripts with the time each was recorded.
 *
 * @param schemaExists whether the schema {@code schema_evolution_manager} exists (sem never ran there otherwise)
 * @param version the deployed version, empty when none is recorded
 * @param versionRecordedAt when the deployed version was recorded, or {@code null}
 * @param scripts the applied scripts, ordered by file name (byte order) as sem lists them
 */
public record DeployedState(
        boolean schemaExists, Optional<String> version, OffsetDateTime versionRecordedAt, List<AppliedScript> scripts) {

    /**
     * One row of {@code scripts}.
     *
     * @param filename the script's file name
     * @param appliedAt its {@code created_at}: when it was recorded as applied
     */
    public record AppliedScript(String filename, OffsetDateTime appliedAt) {}

    public DeployedState {
        scripts = List.copyOf(scripts);
    }

    /** Reads the state with plain {@code SELECT}s; a database without sem's schema or tables has none of it. */
    public static DeployedState read(Connection connection) throws SQLException {
        if (!History.schemaExists(connection)) {
            return new DeployedState(false, Optional.empty(), null, List.of());
        }
        Optional<String> version = Optional.empty();
        OffsetDateTime recordedAt = null;
        if (History.tableExists(connection, "versions")) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT \"version\", \"created_at\" FROM"
                            + " \"schema_evolution_manager\".\"versions\" ORDER BY \"id\" DESC LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    version = Optional.of(rs.getString(1));
                    recordedAt = rs.getObject(2, OffsetDateTime.class);
                }
            }
        }
        List<AppliedScript> scripts = new ArrayList<>();
        if (History.tableExists(connection, "scripts")) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT \"filename\", \"created_at\" FROM"
                            + " \"schema_evolution_manager\".\"scripts\" ORDER BY \"filename\" COLLATE \"C\"");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scripts.add(new AppliedScript(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                }
            }
        }
        return new DeployedState(true, version, recordedAt, scripts);
    }
}
