package dev.sem.lint;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;

/**
 * Writes lint findings as JUnit XML, so CI servers show them with the tests: one test case per script, one
 * {@code <failure>} per finding that fails the build, and the other findings in the test case's {@code <system-out>}.
 */
public final class LintJUnitXml {

    private static final String SUITE = "sem-lint";

    private LintJUnitXml() {}

    /**
     * Writes the report, creating parent directories.
     *
     * @param scripts the display paths of the linted scripts, in order (each gets a test case, findings or not)
     */
    public static void write(Path path, List<String> scripts, List<Finding> findings, LintConfig config) {
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        scripts.forEach(s -> byFile.put(s, new ArrayList<>()));
        findings.forEach(
                f -> byFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f));
        long failedCases = byFile.values().stream()
                .filter(list -> list.stream().anyMatch(f -> config.fails(f.severity())))
                .count();
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(path)) {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                try {
                    xml.writeStartDocument("UTF-8", "1.0");
                    xml.writeCharacters("\n");
                    xml.writeStartElement("testsuites");
                    xml.writeCharacters("\n  ");
                    xml.writeStartElement("testsuite");
                    xml.writeAttribute("name", SUITE);
                    xml.writeAttribute("tests", Integer.toString(byFile.size()));
                    xml.writeAttribute("failures", Long.toString(failedCases));
                    xml.writeAttribute("errors", "0");
                    xml.writeAttribute("skipped", "0");
                    for (Map.Entry<String, List<Finding>> e : byFile.entrySet()) {
                        testCase(xml, e.getKey(), e.getValue(), config);
                    }
                    xml.writeCharacters("\n  ");
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                    xml.writeEndDocument();
                    xml.flush();
                } finally {
                    xml.close();
                }
            }
        } catch (IOException | XMLStreamException e) {
            throw SemException.environment("Could not write the lint JUnit report " + path + ": " + e.getMessage(), e);
        }
    }

    private static void testCase(XMLStreamWriter xml, String file, List<Finding> findings, LintConfig config)
            throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", SUITE);
        xml.writeAttribute("name", file);
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            if (config.fails(f.severity())) {
                xml.writeCharacters("\n      ");
                xml.writeStartElement("failure");
                xml.writeAttribute("type", f.rule());
                xml.writeAttribute("message", "line " + f.line() + ": [" + f.rule() + "] " + f.message());
                xml.writeCharacters(f + "\n" + f.explanation());
                xml.writeEndElement();
            } else {
                out.append(f.severity().label()).append(": ").append(f).append('\n');
            }
        }
        if (out.length() > 0) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(out.toString());
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }
}
