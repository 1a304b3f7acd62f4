package io.hotzone.route;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import org.junit.jupiter.api.Test;

import io.hotzone.capture.TableRef;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorReadMetricsTest
{
    @Test
    void timesEveryReadAndRegistersOneMeterPerTableOnItsFirstRead()
    {
        Timer latency = new Timer();
        List<String> registered = new ArrayList<>();
        List<Meter> meters = new ArrayList<>();
        MirrorReadMetrics metrics = new MirrorReadMetrics(latency, (table, name) -> {
            registered.add(table + " " + name);
            Meter m = new Meter();
            meters.add(m);
            return m;
        });
        TableRef items = new TableRef("app", "items"), other = new TableRef("app", "other");
        metrics.served(items, TimeUnit.MICROSECONDS.toNanos(300));
        metrics.served(items, TimeUnit.MICROSECONDS.toNanos(500));
        metrics.served(other, TimeUnit.MICROSECONDS.toNanos(700));
        assertThat(registered).containsExactly("app.items MirrorReads", "app.other MirrorReads");
        assertThat(meters.get(0).getCount()).isEqualTo(2);
        assertThat(meters.get(1).getCount()).isEqualTo(1);
        assertThat(latency.getCount()).isEqualTo(3);
        assertThat(latency.getSnapshot().getMax()).isEqualTo(TimeUnit.MICROSECONDS.toNanos(700));
    }
}
