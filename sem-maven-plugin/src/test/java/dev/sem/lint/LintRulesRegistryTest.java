package dev.sem.lint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.sem.script.TransactionMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry of rule classes: each rule reported by one class, fresh instances per script, declarations kept. */
class LintRulesRegistryTest {

    @Test
    void everyRuleButUnusedIgnoreIsReportedByExactlyOneClass() {
        List<Rule> declared = new ArrayList<>();
        LintRules.all().forEach(r -> declared.addAll(r.reports()));
        Set<Rule> expected = EnumSet.allOf(Rule.class);
        expected.remove(Rule.UNUSED_IGNORE); // the Linter reports it, from the suppression comments
        assertThat(declared).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void eachScriptGetsFreshRuleInstances() {
        List<LintRule> first = LintRules.all();
        List<LintRule> second = LintRules.all();
        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i)).isNotSameAs(second.get(i));
            assertThat(first.get(i).getClass()).isEqualTo(second.get(i).getClass());
        }
        assertThat(first.stream().map(Object::getClass).distinct()).hasSameSizeAs(first);
    }

    @Test
    void aRuleCannotReportWhatItDoesNotDeclare() {
        LintContext cx = new LintContext(
                LintConfig.defaults(),
                TransactionMode.SINGLE,
                new ScriptLint.Project(),
                Timeouts.start(List.of(), true, TransactionMode.SINGLE));
        LintRule dropRules = new DropRules();
        cx.checking(dropRules);
        Stmt s = Statements.stmt("DROP TABLE app.t;");
        cx.report(Rule.BAN_DROP_TABLE, s, 0, "declared", null);
        assertThat(cx.raws()).extracting(ScriptLint.Raw::rule).containsExactly(Rule.BAN_DROP_TABLE);
        assertThatThrownBy(() -> cx.report(Rule.PREFER_REPACK, s, 0, "not declared", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DropRules reports prefer-repack, which it does not declare");
    }
}
