package dev.sem.pkg;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageVersionTest {

    @Test
    void keepsTheSpellingAndReadsTheNumbers() {
        PackageVersion v = PackageVersion.parse("01_09_00");
        assertEquals("01_09_00", v.text());
        assertEquals(1, v.major());
        assertEquals(9, v.minor());
        assertEquals(0, v.patch());
        assertNull(v.pre());
        assertTrue(v.sameNumbers(PackageVersion.parse("1_9_0")));
    }

    @Test
    void recordsTheTailAsPreRelease() {
        PackageVersion rc = PackageVersion.parse("1_2_0_rc1");
        assertEquals("rc1", rc.pre());
        assertTrue(rc.compareTo(PackageVersion.parse("1_2_0")) < 0, "a pre-release is below its release");
        assertTrue(rc.compareTo(PackageVersion.parse("1_1_9")) > 0);
    }

    @Test
    void mapsDottedSemVerToUnderscores() {
        PackageVersion v = PackageVersion.parse("1.2.3-beta");
        assertEquals("1_2_3_beta", v.text());
        assertEquals("beta", v.pre());
    }

    @Test
    void refusesOtherForms() {
        for (String bad : new String[] {
            "1_2", "1.2", "v1_2_3", "1_2_3_RC1", "1_2_3_", "", "1__2_3", "1_2_3 ", "1_2_3_0", "1_2_3_9rc"
        }) {
            PackageException e = assertThrows(PackageException.class, () -> PackageVersion.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("Invalid version '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void refusesSchemaNamesOverTheIdentifierLimit() {
        String name = "p".repeat(55);
        PackageException e = assertThrows(
                PackageException.class,
                () -> SchemaNames.schemaName(name, Subclass.VERSIONED, PackageVersion.parse("01_09_00")));
        assertTrue(e.getMessage().contains("64 bytes long"), e.getMessage());
        assertEquals(name, SchemaNames.schemaName(name, Subclass.BASIC, PackageVersion.parse("01_09_00")));
    }
}
