package dev.sem.adopt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Velocity the archetype's templates use, so that {@code sem:adopt} writes the very files
 * {@code archetype:generate} writes, from the same template text: {@code #set( $name = 'literal' )},
 * {@code #if( $name == "literal" )} / {@code #else} / {@code #end} (nested), {@code ##} comment lines and
 * {@code ${name}} references. A directive stands on a line of its own, which it consumes, as Velocity does.
 * Anything else that looks like a directive, and a reference to an unknown name, is an error: a template that outgrows
 * this subset fails the tests instead of writing a half-rendered file.
 */
final class Template {

    private static final Pattern SET = Pattern.compile("#set\\(\\s*\\$(\\w+)\\s*=\\s*'([^']*)'\\s*\\)");
    private static final Pattern IF = Pattern.compile("#if\\(\\s*\\$(\\w+)\\s*==\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

    private Template() {}

    /**
     * Renders {@code template} with {@code variables}.
     *
     * @param name the template's name, for errors
     * @throws IllegalArgumentException for a directive outside the subset, an unbalanced {@code #if}/{@code #end} or a
     *     reference to a name that has no value
     */
    static String render(String name, String template, Map<String, String> variables) {
        Map<String, String> values = new HashMap<>(variables);
        StringBuilder out = new StringBuilder(template.length());
        // Each entry: whether the enclosing branch is rendered; the head is the innermost.
        Deque<boolean[]> branches = new ArrayDeque<>();
        int lineNumber = 0;
        for (String line : template.split("(?<=\n)", -1)) {
            lineNumber++;
            String directive = line.strip();
            boolean active = branches.stream().allMatch(b -> b[0]);
            if (directive.startsWith("##")) {
                continue;
            }
            if (directive.startsWith("#")) {
                Matcher set = SET.matcher(directive);
                Matcher when = IF.matcher(directive);
                if (set.matches()) {
                    if (active) {
                        values.put(set.group(1), set.group(2));
                    }
                } else if (when.matches()) {
                    String value = values.get(when.group(1));
                    if (value == null) {
                        throw unknown(name, lineNumber, when.group(1));
                    }
                    branches.push(new boolean[] {value.equals(when.group(2))});
                } else if (directive.equals("#else")) {
                    if (branches.isEmpty()) {
                        throw new IllegalArgumentException(name + " line " + lineNumber + ": #else without #if");
                    }
                    boolean[] branch = branches.peek();
                    branch[0] = !branch[0];
                } else if (directive.equals("#end")) {
                    if (branches.isEmpty()) {
                        throw new IllegalArgumentException(name + " line " + lineNumber + ": #end without #if");
                    }
                    branches.pop();
                } else {
                    throw new IllegalArgumentException(
                            name + " line " + lineNumber + ": unsupported template directive " + directive);
                }
                continue;
            }
            if (active) {
                out.append(substitute(name, lineNumber, line, values));
            }
        }
        if (!branches.isEmpty()) {
            throw new IllegalArgumentException(name + ": #if without #end");
        }
        return out.toString();
    }

    private static String substitute(String name, int lineNumber, String line, Map<String, String> values) {
        Matcher reference = REFERENCE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String value = values.get(reference.group(1));
            if (value == null) {
                throw unknown(name, lineNumber, reference.group(1));
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static IllegalArgumentException unknown(String name, int lineNumber, String variable) {
        return new IllegalArgumentException(name + " line " + lineNumber + ": no value for $" + variable);
    }
}
