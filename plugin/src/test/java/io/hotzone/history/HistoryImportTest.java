package io.hotzone.history;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryImportTest
{
    @Test
    void stepIsTheSmallestGap()
    {
        assertThat(HistoryImport.stepOf(List.of(Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2015-01-02T00:00:00Z"),
                                                Instant.parse("2015-01-04T00:00:00Z")))).isEqualTo(86_400_000L);
        assertThat(HistoryImport.stepOf(List.of(Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2015-01-01T01:00:00Z"))))
            .isEqualTo(3_600_000L);
        assertThat(HistoryImport.stepOf(List.of(Instant.parse("2015-01-01T00:00:00Z")))).isEqualTo(86_400_000L);
    }
}
