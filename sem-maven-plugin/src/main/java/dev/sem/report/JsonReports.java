package dev.sem.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.ContainedFiles;
import dev.sem.SemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes and reads the JSON reports every goal can produce (the {@code report} option). */
public final class JsonReports {

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReports() {}

    /** Writes {@code report} (a record or map) as indented JSON, creating parent directories. */
    public static void write(Path path, Object report) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, MAPPER.writeValueAsString(report) + "\n");
        } catch (IOException | JacksonException e) {
            throw SemException.environment("Could not write the JSON report " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a report back (for tests, tools and {@code sem:fleet-report}).
     *
     * @throws SemException naming the file when it is missing, not a regular file (a directory, FIFO or device is
     *     never opened) or not a report
     */
    public static <T> T read(Path path, Class<T> type) {
        ContainedFiles.Checked checked = ContainedFiles.checkRegular(path);
        if (!checked.ok()) {
            throw new SemException("The JSON report " + path + " " + checked.describe(path)
                    + "; name a report file written with the report option");
        }
        try {
            return MAPPER.readValue(path.toFile(), type);
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new SemException(
                    "Could not read the JSON report " + path + where + ": "
                            + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ")
                            + "; name a report file written with the report option",
                    e);
        }
    }

    /** The report as a JSON string. */
    public static String toJson(Object report) {
        return MAPPER.writeValueAsString(report);
    }
}
