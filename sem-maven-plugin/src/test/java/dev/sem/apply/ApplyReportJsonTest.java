package dev.sem.apply;

import java.util.List;

import dev.sem.report.JsonReports;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON report names goals and script outcomes as users read them, though the engine types them as enums. */
class ApplyReportJsonTest {

    @Test
    void goalsAndOutcomesAreWrittenByTheirReportNames() {
        ApplyReport report = new ApplyReport(
                Goal.STATUS,
                "postgresql://db/app",
                true,
                null,
                null,
                List.of(),
                List.of(new ApplyReport.ScriptResult(
                        "20260101-000000.sql",
                        ScriptOutcome.PREVIOUSLY_APPLIED,
                        null,
                        null,
                        null,
                        null,
                        "a",
                        null,
                        false)),
                List.of(),
                3,
                null,
                null);
        String json = JsonReports.toJson(report).replaceAll("\\s+", "");
        assertThat(json).contains("\"goal\":\"status\"").contains("\"status\":\"previously-applied\"");
        assertThat(report.withStatus("previously-applied")).hasSize(1);
    }
}
