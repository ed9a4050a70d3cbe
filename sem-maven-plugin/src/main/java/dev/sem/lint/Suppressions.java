package dev.sem.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * The suppression comments of a script: {@code -- sem-lint-ignore: rule-a, rule-b} (and squawk's
 * {@code -- squawk-ignore rule-a}) for one statement, {@code -- sem-lint-ignore-file: rule} (and
 * {@code -- squawk-ignore-file rule}) for the whole file. The colon is optional, names are separated by commas or
 * spaces, and text after a further {@code --} is a free-form reason. Without names, every rule is silenced. Block
 * comments work too, and the keywords are case-insensitive. Only real comments count: the same text in a string or
 * dollar quote does not.
 */
final class Suppressions {

    private static final Pattern DIRECTIVE = Pattern.compile(
            "^\\s*(sem-lint-ignore-file|sem-lint-ignore|squawk-ignore-file|squawk-ignore)(?=$|[\\s:])\\s*:?(.*)$",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /**
     * One suppression comment.
     *
     * @param file whether it covers the whole file
     * @param line the 1-based line the comment starts on
     * @param keyword the directive as written ({@code sem-lint-ignore}, {@code squawk-ignore-file}, ...)
     * @param names the rule names as written
     * @param rules the rules they stand for
     * @param unknown the names that are no rule
     */
    record Directive(
            boolean file, int line, String keyword, List<String> names, Set<Rule> rules, List<String> unknown) {

        /** A directive without names silences every rule. */
        boolean all() {
            return names.isEmpty();
        }

        boolean covers(Rule rule) {
            return all() || rules.contains(rule);
        }
    }

    private Suppressions() {}

    /** The directives of {@code text}, in order. */
    static List<Directive> parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int shift = t.length() == text.length() ? 0 : 1;
        int[] lineStarts = lineStarts(text);
        List<Directive> directives = new ArrayList<>();
        for (Token token : SqlLexer.tokenize(t)) {
            String body;
            if (token.type() == TokenType.LINE_COMMENT) {
                body = token.text().substring(2);
            } else if (token.type() == TokenType.BLOCK_COMMENT) {
                String c = token.text();
                body = c.substring(2, c.endsWith("*/") && c.length() >= 4 ? c.length() - 2 : c.length());
            } else {
                continue;
            }
            Matcher m = DIRECTIVE.matcher(body);
            if (!m.matches()) {
                continue;
            }
            String keyword = m.group(1);
            String rest = m.group(2);
            int reason = rest.indexOf("--");
            if (reason >= 0) {
                rest = rest.substring(0, reason);
            }
            List<String> names = new ArrayList<>();
            Set<Rule> rules = new LinkedHashSet<>();
            List<String> unknown = new ArrayList<>();
            for (String name : rest.trim().split("[\\s,]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                names.add(name);
                List<Rule> r = Rule.byName(name);
                if (r.isEmpty()) {
                    unknown.add(name);
                }
                rules.addAll(r);
            }
            directives.add(new Directive(
                    keyword.toLowerCase(Locale.ROOT).endsWith("-file"),
                    lineOf(lineStarts, token.offset() + shift),
                    keyword,
                    List.copyOf(names),
                    Set.copyOf(rules),
                    List.copyOf(unknown)));
        }
        return directives;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts.add(i + 1);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
