package dev.sem.adopt;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {

    @Test
    void rendersTheArchetypesSubsetOfVelocity() {
        String template = "#set( $dollar = '$' )\n"
                + "## a comment\n"
                + "a ${name} ${dollar}{kept}\n"
                + "#if( $kind == \"package\" )\n"
                + "package\n"
                + "#else\n"
                + "  #if( $name == \"x\" )\n"
                + "x\n"
                + "  #end\n"
                + "schema ${name}\n"
                + "#end\n"
                + "last";
        assertThat(Template.render("t", template, Map.of("name", "x", "kind", "schema")))
                .isEqualTo("a x ${kept}\nx\nschema x\nlast");
        assertThat(Template.render("t", template, Map.of("name", "y", "kind", "package")))
                .isEqualTo("a y ${kept}\npackage\nlast");
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> Template.render("t", "a\n${missing}\n", Map.of()))
                .hasMessage("t line 2: no value for $missing");
        assertThatThrownBy(() -> Template.render("t", "#foreach( $a in $b )\n", Map.of()))
                .hasMessage("t line 1: unsupported template directive #foreach( $a in $b )");
        assertThatThrownBy(() -> Template.render("t", "#set( $v = $version.replace(\"a\", \"b\") )\n", Map.of()))
                .hasMessageContaining("unsupported template directive");
        assertThatThrownBy(() -> Template.render("t", "#if( $a == \"b\" )\n", Map.of("a", "b")))
                .hasMessage("t: #if without #end");
        assertThatThrownBy(() -> Template.render("t", "#end\n", Map.of())).hasMessage("t line 1: #end without #if");
    }
}
