package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java comparator passes the shared requirement table (its SQL twin passes the same table in the registry). */
class RequirementTableTest {

    /** One row of {@code requirements.tsv}. */
    record Row(String requirement, List<PackageVersion> registered, String expected) {
        @Override
        public String toString() {
            return "'" + requirement + "' over " + registered + " -> " + expected;
        }
    }

    static Stream<Row> rows() throws IOException {
        try (InputStream in = RequirementTableTest.class.getResourceAsStream("requirements.tsv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                List<PackageVersion> versions = Arrays.stream(cols[1].split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(PackageVersion::parse)
                        .toList();
                rows.add(new Row(cols[0], versions, cols[2]));
            }
            assertTrue(rows.size() > 30, "the table was read");
            return rows.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void selectsTheHighestMatchingVersion(Row row) {
        if (row.expected().equals("invalid")) {
            PackageException e = assertThrows(PackageException.class, () -> Requirement.parse(row.requirement()));
            assertTrue(e.getMessage().startsWith("Invalid version requirement '" + row.requirement() + "'"));
            return;
        }
        String selected = Requirement.parse(row.requirement())
                .select(row.registered())
                .map(PackageVersion::text)
                .orElse("none");
        assertEquals(row.expected(), selected);
    }
}
