package io.hotzone.events;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTest
{
    private static final String HEADER = "id,name,start,end,table,keys,token_range,multiplier,source\n";

    @Test
    void csvWithEveryTargetKind()
    {
        List<EventParser.Located> events = EventParser.parse("csv", HEADER
            + "bf,Black Friday,2026-11-27,2026-11-28T06:00:00Z,shop.products,\"'p1';'p,2'\",,3.5,marketing\n"
            + "# a comment line\n"
            + ",Roll-out,2026-12-01T08:00:00,2026-12-02,iot.readings,,-100..200,2,\n"
            + ",\"Launch, big\",2026-12-05,2026-12-06,shop.products,,,1.5,pr\n");
        assertThat(events).hasSize(3);
        Event bf = events.get(0).event();
        assertThat(events.get(0).where()).isEqualTo("line 2");
        assertThat(bf.id()).isEqualTo("bf");
        assertThat(bf.start()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(bf.end()).isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
        assertThat(bf.table()).isEqualTo(new TableRef("shop", "products"));
        assertThat(bf.keys()).containsExactly("'p1'", "'p,2'");
        assertThat(bf.targetKind()).isEqualTo("keys");
        Event rollout = events.get(1).event();
        assertThat(events.get(1).where()).isEqualTo("line 4");
        assertThat(rollout.id()).isNull();
        assertThat(rollout.start()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(rollout.tokenRange()).isEqualTo(new Event.TokenRange(-100, 200));
        assertThat(events.get(2).event().name()).isEqualTo("Launch, big");
        assertThat(events.get(2).event().targetKind()).isEqualTo("table");
    }

    @Test
    void jsonWithTheSameFields()
    {
        List<EventParser.Located> events = EventParser.parse("json", "[{\"name\": \"Sale\", \"start\": \"2026-11-27\", \"end\": \"2026-11-28\","
                                                                    + " \"table\": \"shop.products\", \"keys\": [\"'p1'\", 7], \"multiplier\": 4}]");
        Event e = events.get(0).event();
        assertThat(events.get(0).where()).isEqualTo("event #1");
        assertThat(e.keys()).containsExactly("'p1'", "7");
        assertThat(e.multiplier()).isEqualTo(4.0);
    }

    @Test
    void errorsNameTheLine()
    {
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-13-01,2026-12-02,a.b,,,2,\n"))
            .hasMessageStartingWith("line 2: start '2026-13-01' is not a date or time");
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-12-01,2026-12-02,a.b,,,2,\nx,B,2026-12-01,2026-12-02,ab,,,2,\n"))
            .hasMessageStartingWith("line 3: table: expected keyspace.table");
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-12-01,2026-12-02,a.b,,,lots,\n"))
            .hasMessageContaining("line 2: multiplier 'lots' is not a number");
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-12-01,2026-12-02,a.b,'k',1..2,2,\n"))
            .hasMessageContaining("line 2: give keys or token_range, not both");
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-12-01,2026-12-02,a.b,,1-2,2,\n"))
            .hasMessageContaining("line 2: token_range '1-2'");
        assertThatThrownBy(() -> EventParser.csv(HEADER + "x,A,2026-12-01\n"))
            .hasMessageContaining("line 2: 3 fields, the header has 9");
        assertThatThrownBy(() -> EventParser.csv("name,start,end,table,multiplier,colour\n"))
            .hasMessageContaining("line 1: unknown column(s) [colour]");
        assertThatThrownBy(() -> EventParser.csv("name,start,end,table\n"))
            .hasMessageContaining("missing column multiplier");
        assertThatThrownBy(() -> EventParser.csv(HEADER)).hasMessageContaining("no events");
        assertThatThrownBy(() -> EventParser.json("{\"name\": 1}")).hasMessageContaining("expected a JSON array");
        assertThatThrownBy(() -> EventParser.json("[{\"name\": \"a\", \"colour\": 1}]")).hasMessageContaining("event #1: unknown field 'colour'");
        assertThatThrownBy(() -> EventParser.json("[{oops")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventParser.parse("xml", "")).hasMessageContaining("use csv or json");
    }
}
