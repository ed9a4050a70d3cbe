package dev.sem.history;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunRecordsLiteralTest {

    @Test
    void literalsMeanTheSameWhateverStandardConformingStrings() {
        assertThat(DryRunRecords.literal(null)).isEqualTo("NULL");
        assertThat(DryRunRecords.literal("it's")).isEqualTo("'it''s'");
        assertThat(DryRunRecords.literal("a\\b'c")).isEqualTo("E'a\\\\b''c'");
    }
}
