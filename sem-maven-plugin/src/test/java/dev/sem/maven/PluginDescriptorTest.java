package dev.sem.maven;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn sem:help -Ddetail -Dgoal=…} shows, read from the plugin descriptor the build generates
 * ({@code META-INF/maven/plugin.xml}, on the test class path after process-classes): each goal lists exactly the
 * parameters it uses, each with a description.
 */
class PluginDescriptorTest {

    /** Goal, then parameter name to description. */
    private static final Map<String, Map<String, String>> GOALS = new TreeMap<>();

    @BeforeAll
    static void readDescriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in)
                    .as("META-INF/maven/plugin.xml (generated at process-classes)")
                    .isNotNull();
            Document doc =
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            NodeList mojos = doc.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                Map<String, String> parameters = new LinkedHashMap<>();
                NodeList ps =
                        ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
                for (int j = 0; j < ps.getLength(); j++) {
                    Element p = (Element) ps.item(j);
                    NodeList description = p.getElementsByTagName("description");
                    parameters.put(
                            text(p, "name"),
                            description.getLength() == 0
                                    ? ""
                                    : description.item(0).getTextContent().strip());
                }
                GOALS.put(text(mojo, "goal"), parameters);
            }
        }
    }

    private static String text(Element e, String child) {
        return e.getElementsByTagName(child).item(0).getTextContent().strip();
    }

    private static Set<String> parameters(String goal) {
        assertThat(GOALS).containsKey(goal);
        return new TreeSet<>(GOALS.get(goal).keySet());
    }

    private static final Set<String> CONNECTION = Set.of("url", "host", "port", "name", "user", "serverId", "session");
    private static final Set<String> FLEET = Set.of(
            "targetsFile",
            "targets",
            "environment",
            "product",
            "only",
            "except",
            "shard",
            "shardCount",
            "parallelism",
            "continueOnError",
            "skipUnreachable");
    private static final Set<String> SCRIPTS = Set.of("encoding", "strict", "variables");
    private static final Set<String> SOURCE = Set.of("dir", "tarball", "artifact");

    private static Set<String> union(Set<?>... sets) {
        Set<String> all = new TreeSet<>(Set.of("skip", "report"));
        for (Set<?> s : sets) {
            s.forEach(o -> all.add((String) o));
        }
        return all;
    }

    @Test
    void statusListsNothingOfApplysOwn() {
        assertThat(parameters("status")).isEqualTo(union(CONNECTION, FLEET, SCRIPTS, SOURCE));
        assertThat(parameters("status"))
                .doesNotContain(
                        "dryRun",
                        "dryRunFile",
                        "accept",
                        "acceptReason",
                        "lockWait",
                        "lockTimeout",
                        "lockRetries",
                        "latePolicy",
                        "resumeUnknown");
    }

    @Test
    void baselineListsWhatABaselineUses() {
        // A baseline records scripts (dry run, the apply lock, late and accepted changes); it runs none and has no
        // fleet mode.
        assertThat(parameters("baseline"))
                .isEqualTo(union(
                        CONNECTION,
                        SCRIPTS,
                        SOURCE,
                        Set.of("dryRun", "dryRunFile", "lockWait", "latePolicy", "accept", "acceptReason")));
    }

    @Test
    void applyListsEverythingItUses() {
        assertThat(parameters("apply"))
                .isEqualTo(union(
                        CONNECTION,
                        FLEET,
                        SCRIPTS,
                        SOURCE,
                        Set.of(
                                "dryRun",
                                "dryRunFile",
                                "lockWait",
                                "lockTimeout",
                                "lockRetries",
                                "latePolicy",
                                "accept",
                                "acceptReason",
                                "resumeUnknown",
                                "psql")));
    }

    @Test
    void registryGoalsListNoScriptOrApplyParameters() {
        assertThat(parameters("packages")).isEqualTo(union(CONNECTION, Set.of("includeDropped")));
        assertThat(parameters("registry-install")).isEqualTo(union(CONNECTION, Set.of("lockWait", "usage", "upgrade")));
        assertThat(parameters("registry-uninstall"))
                .isEqualTo(union(CONNECTION, Set.of("lockWait", "confirmUninstall")));
        assertThat(parameters("import-pgpm"))
                .isEqualTo(union(CONNECTION, Set.of("lockWait", "dropPgpm", "databaseScope")));
        assertThat(parameters("remove-package"))
                .isEqualTo(union(
                        CONNECTION,
                        Set.of("lockWait", "packageName", "packageVersion", "revision", "force", "removeDryRun")));
        assertThat(parameters("execute"))
                .isEqualTo(union(CONNECTION, FLEET, Set.of("query", "untilZero", "maxIterations", "pause")));
    }

    @Test
    void releaseGoalsListTheirGitAndConnectionParameters() {
        assertThat(parameters("info"))
                .isEqualTo(union(CONNECTION, Set.of("basedir", "pluginVersion", "gitDir", "next", "tag", "info")));
        assertThat(parameters("tag"))
                .isEqualTo(
                        union(Set.of("session", "basedir", "gitDir", "tag", "next", "push", "remote", "gitServerId")));
        assertThat(parameters("package")).contains("tag", "allowSnapshotVersion");
    }

    @Test
    void goalsWithoutADatabaseListNoConnection() {
        for (String goal : Set.of("validate", "verify", "package", "add", "adopt", "fleet-report", "tag")) {
            // (verify's url is sem.verify.url, a server for throwaway databases)
            assertThat(parameters(goal)).as(goal).doesNotContain("host", "port", "serverId", "dryRun", "accept");
        }
    }

    @Test
    void everyParameterOfEveryGoalHasADescription() {
        Map<String, String> missing = new TreeMap<>();
        GOALS.forEach((goal, parameters) -> parameters.forEach((name, description) -> {
            if (description.isEmpty()) {
                missing.put(goal + ":" + name, description);
            }
        }));
        assertThat(GOALS).containsKeys("apply", "status", "baseline", "verify", "validate", "deploy-package");
        assertThat(missing.keySet()).as("parameters without a description").isEmpty();
    }
}
