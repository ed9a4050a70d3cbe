package dev.sem.pkg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.sem.sql.SqlStatement;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ordering of type statements by their references in type positions (pgpm spec §9). */
class TypeOrderTest {

    private static final String SCHEMA = "shop_1_0_0";

    /** Files from alternating path, text arguments. */
    private static List<PackageFile> files(String... pathsAndTexts) {
        List<PackageFile> files = new ArrayList<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            byte[] bytes = pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8);
            files.add(PackageFile.read(Category.TYPES, pathsAndTexts[i], bytes, "on"));
        }
        return files;
    }

    private static TypeOrder.Result order(String... pathsAndTexts) {
        return TypeOrder.order(files(pathsAndTexts), SCHEMA);
    }

    private static List<String> sql(List<SqlStatement> statements) {
        return statements.stream().map(SqlStatement::sql).toList();
    }

    @Test
    void aCompositeTypeFollowsTheTypesOfItsAttributes() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (x b, y int);",
                "types/b.sql", "create type b as (y c[]);",
                "types/c.sql", "create type c as enum ('x');");
        assertEquals(
                List.of("create type c as enum ('x')", "create type b as (y c[])", "create type a as (x b, y int)"),
                sql(r.creates()));
    }

    @Test
    void aDomainFollowsItsBaseTypeAndTheTypesOfItsCasts() {
        TypeOrder.Result r = order(
                "types/1.sql",
                        "CREATE DOMAIN d AS base CHECK (VALUE::other IS NOT NULL AND CAST(VALUE AS third)"
                                + " IS NOT NULL);",
                "types/2.sql", "create domain base as text;",
                "types/3.sql", "create type other as (a text);",
                "types/4.sql", "create type third as (a text);");
        assertEquals(
                List.of("types/2.sql", "types/3.sql", "types/4.sql", "types/1.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
    }

    @Test
    void aRangeFollowsItsSubtype() {
        TypeOrder.Result r = order(
                "types/r.sql", "create type r as range (subtype_diff = float8mi, subtype = d);",
                "types/d.sql", "create domain d as float8;");
        assertEquals(
                List.of("types/d.sql", "types/r.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
    }

    @Test
    void aRangeAlsoCreatesItsMultirangeType() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (x floatmultirange, y mr, z span_multirange);",
                "types/b.sql", "create type floatrange as range (subtype = float8);",
                "types/c.sql", "create type r2 as range (subtype = int4, multirange_type_name = mr);",
                "types/d.sql", "create type span as range (subtype = date);");
        assertEquals(
                List.of("types/b.sql", "types/c.sql", "types/d.sql", "types/a.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
    }

    @Test
    void independentTypesKeepFileOrder() {
        TypeOrder.Result r = order(
                "types/z.sql", "create type z as (a int);",
                "types/y.sql", "create type y as (a int); create type x as (a y);",
                "types/w.sql", "create type w as (a int);");
        assertEquals(
                List.of(
                        "create type z as (a int)",
                        "create type y as (a int)",
                        "create type x as (a y)",
                        "create type w as (a int)"),
                sql(r.creates()));
    }

    @Test
    void attributeNamesCommentsAndLiteralsAreNoDependencies() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (b int); -- uses b\ncomment on type a is 'b';",
                "types/b.sql", "create type b as (a text, \"c\" int /* a */);");
        assertEquals(
                List.of("create type a as (b int)", "create type b as (a text, \"c\" int /* a */)"), sql(r.creates()));
    }

    @Test
    void dropsComeFirstAndOtherStatementsLast() {
        TypeOrder.Result r = order(
                "types/a.sql", "drop type if exists a cascade;\ncreate type a as (x int);\ncomment on type a is 'x';",
                "types/b.sql", "alter type a owner to current_user;\nDROP DOMAIN IF EXISTS b;\ncreate domain b int;");
        assertEquals(List.of("drop type if exists a cascade", "DROP DOMAIN IF EXISTS b"), sql(r.drops()));
        assertEquals(List.of("create type a as (x int)", "create domain b int"), sql(r.creates()));
        assertEquals(List.of("comment on type a is 'x'", "alter type a owner to current_user"), sql(r.others()));
        assertEquals(6, r.statements().size());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void statementsKeepTheirFileAndLine() {
        TypeOrder.Result r = order("types/a.sql", "-- header\n\ncreate type a as (x b);\ncreate type b as (y int);");
        assertEquals(
                List.of("types/a.sql:4", "types/a.sql:3"),
                r.creates().stream().map(s -> s.file() + ":" + s.line()).toList());
    }

    @Test
    void unquotedNamesFoldToLowerCaseAndQuotedNamesDoNot() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (m \"Money\", n MONEY, o Foo);",
                "types/b.sql", "create type \"Money\" as (x int);",
                "types/c.sql", "create type FOO as (x int);");
        assertEquals(
                List.of("types/b.sql", "types/c.sql", "types/a.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
        TypeOrder.Result plain = order(
                "types/a.sql", "create type a as (m money);",
                "types/b.sql", "create type \"Money\" as (x int);");
        assertEquals(
                List.of("types/a.sql", "types/b.sql"),
                plain.creates().stream().map(SqlStatement::file).toList(),
                "money is not \"Money\"");
    }

    @Test
    void qualifiedNamesResolveAsPostgresqlDoes() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (x b, y public.c, z other.d);",
                "types/b.sql", "create type shop_1_0_0.b as (x int);",
                "types/c.sql", "create type c as (x int);",
                "types/d.sql", "create type d as (x int);");
        assertEquals(
                List.of("types/b.sql", "types/a.sql", "types/c.sql", "types/d.sql"),
                r.creates().stream().map(SqlStatement::file).toList(),
                "b is the package schema's b; public.c and other.d are not the package's c and d");
    }

    @Test
    void aRequiresCommentAddsAnEdge() {
        TypeOrder.Result r = order(
                "types/a.sql", "-- requires: b, \"C\"\ncreate type a as (x int);",
                "types/b.sql", "create type b as (x int);",
                "types/c.sql", "create type \"C\" as (x int);");
        assertEquals(
                List.of("types/b.sql", "types/c.sql", "types/a.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
    }

    @Test
    void aRequiresCommentNamingNoTypeOfThePackageIsAnError() {
        PackageException e = assertThrows(
                PackageException.class, () -> order("types/a.sql", "-- requires: nope\ncreate type a as (x int);"));
        assertEquals(
                "types/a.sql:1: '-- requires: nope' names a type that no type file of the package creates; fix the name"
                        + " or remove it",
                e.getMessage());
    }

    @Test
    void aLongerCycleIsListedFromItsFirstMember() {
        PackageException e = assertThrows(
                PackageException.class,
                () -> order(
                        "types/0.sql", "create type start as (x a);",
                        "types/a.sql", "create type a as (x b);",
                        "types/b.sql", "create type b as (x c);",
                        "types/c.sql", "create type c as (x a[]);"));
        assertEquals(
                "Type dependency cycle: a -> b -> c -> a (types/a.sql:1, types/b.sql:1, types/c.sql:1); a type cannot"
                        + " contain itself: remove one of the references, or fix a '-- requires:' comment",
                e.getMessage());
    }

    @Test
    void theArrayNameOfATypeIsAReferenceToIt() {
        TypeOrder.Result r = order(
                "types/a.sql", "create type a as (x _b);",
                "types/b.sql", "create type b as (x int);");
        assertEquals(
                List.of("types/b.sql", "types/a.sql"),
                r.creates().stream().map(SqlStatement::file).toList());
    }
}
