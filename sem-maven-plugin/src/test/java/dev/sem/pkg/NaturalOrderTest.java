package dev.sem.pkg;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The natural order of table-script paths (pgpm spec §10, defect 33). */
class NaturalOrderTest {

    private static List<String> sorted(String... paths) {
        List<String> list = new ArrayList<>(List.of(paths));
        list.sort(NaturalOrder.PATHS);
        return list;
    }

    @Test
    void digitRunsCompareAsNumbers() {
        assertEquals(
                List.of("1.sql", "2_a.sql", "9.sql", "10.sql", "100.sql", "a2.sql", "a10.sql"),
                sorted("100.sql", "a10.sql", "10.sql", "9.sql", "a2.sql", "2_a.sql", "1.sql"));
    }

    @Test
    void zeroPaddingTiesAreBrokenByTextSoTheOrderIsTotal() {
        assertEquals(List.of("009.sql", "09.sql", "9.sql"), sorted("9.sql", "009.sql", "09.sql"));
        assertEquals(List.of("009.sql", "09.sql", "9.sql"), sorted("09.sql", "9.sql", "009.sql"));
    }

    @Test
    void directoriesStayTogetherAndCompareNaturally() {
        assertEquals(
                List.of("v2/1.sql", "v2/10.sql", "v2-x/1.sql", "v10/1.sql"),
                sorted("v10/1.sql", "v2-x/1.sql", "v2/10.sql", "v2/1.sql"));
        assertEquals(List.of("a/z.sql", "a.sql", "b.sql"), sorted("b.sql", "a.sql", "a/z.sql"));
    }

    @Test
    void plainPathsCompareSegmentsAsText() {
        List<String> list = new ArrayList<>(List.of("10.sql", "9.sql", "a/b.sql", "a.sql"));
        list.sort(NaturalOrder.PLAIN_PATHS);
        assertEquals(List.of("10.sql", "9.sql", "a/b.sql", "a.sql"), list);
    }
}
