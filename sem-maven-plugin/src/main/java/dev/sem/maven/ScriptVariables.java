package dev.sem.maven;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;

/** psql variables for the scripts: the configured map, then every {@code -Dsem.set.NAME=value} (sem's --set). */
final class ScriptVariables {

    private static final String PREFIX = "sem.set.";

    private ScriptVariables() {}

    static Map<String, String> of(Map<String, String> configured, MavenSession session) {
        Map<String, String> vars = new HashMap<>(configured == null ? Map.of() : configured);
        if (session == null) {
            return vars;
        }
        collect(session.getSystemProperties(), vars);
        collect(session.getUserProperties(), vars);
        return vars;
    }

    private static void collect(Properties props, Map<String, String> into) {
        if (props == null) {
            return;
        }
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                into.put(key.substring(PREFIX.length()), props.getProperty(key));
            }
        }
    }
}
