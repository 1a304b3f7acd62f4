package io.hotzone.tools.profile;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnMappingTest
{
    @Test
    void renamesDropsAndLeavesTheRestAsTheyAre()
    {
        ColumnMapping m = ColumnMapping.parse(" cust = customer , junk=,");
        assertThat(m.columns(List.of("cust", "junk", "qty"))).containsExactly("customer", ColumnMapping.DROPPED, "qty");
    }

    @Test
    void aMalformedOrRepeatedEntryIsRefused()
    {
        assertThatThrownBy(() -> ColumnMapping.parse("cust")).hasMessageContaining("'cust' is not input_name=column");
        assertThatThrownBy(() -> ColumnMapping.parse("=x")).hasMessageContaining("is not input_name=column");
        assertThatThrownBy(() -> ColumnMapping.parse("a=x,a=y")).hasMessageContaining("names input 'a' twice");
    }
}
