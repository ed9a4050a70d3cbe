package dev.sem.lint;

import javax.xml.parsers.DocumentBuilderFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

class LintJUnitXmlTest {

    @Test
    void oneTestCasePerScriptFailuresForFailingFindingsOthersInSystemOut(@TempDir Path dir) throws Exception {
        LintConfig config = LintConfig.defaults();
        List<Finding> findings = new Linter(config)
                .lint(List.of(
                        Lint.input("20260101-120000.sql", "SELECT 1;"),
                        Lint.input(
                                "20260102-120000.sql",
                                "ALTER TABLE app.\"a<b&c\" DROP COLUMN x;\nCREATE TABLE app.t (at timestamp);")));
        Path xml = dir.resolve("target/sem/lint-junit.xml");
        LintJUnitXml.write(
                xml, List.of("./scripts/20260101-120000.sql", "./scripts/20260102-120000.sql"), findings, config);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("sem-lint");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        Element clean = (Element) cases.item(0);
        assertThat(clean.getAttribute("name")).isEqualTo("./scripts/20260101-120000.sql");
        assertThat(clean.getChildNodes().getLength()).isEqualTo(1); // only whitespace
        Element failing = (Element) cases.item(1);
        NodeList failures = failing.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        Element failure = (Element) failures.item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("ban-drop-column");
        assertThat(failure.getAttribute("message"))
                .isEqualTo(
                        "line 1: [ban-drop-column] Dropping column app.\"a<b&c\".x breaks clients that still use it.");
        assertThat(failure.getTextContent()).startsWith(findings.get(0).toString());
        assertThat(failing.getElementsByTagName("system-out").item(0).getTextContent())
                .startsWith("warning: File[./scripts/20260102-120000.sql] line 2: [prefer-timestamptz]");

        // with failOn = warning the warning is a failure too
        LintJUnitXml.write(
                xml,
                List.of("./scripts/20260102-120000.sql"),
                findings,
                config.withFailOn(Severity.WARNING).withOverrides(Map.of()));
        doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("system-out").getLength()).isZero();
    }
}
