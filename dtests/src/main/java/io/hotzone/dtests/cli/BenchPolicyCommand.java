package io.hotzone.dtests.cli;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.hotzone.dtests.bench.PolicyBenchmark;

/**
 * {@code bin/hotzone bench policy}: JMH, {@code newQueryPlan} of HotZoneLoadBalancingPolicy versus the driver's
 * DefaultLoadBalancingPolicy with 1 000 READY zones loaded. Prints JMH's table, then the ratios and one JSON line.
 */
final class BenchPolicyCommand
{
    int run(List<String> options) throws Exception
    {
        Options o = Options.parse(options, Set.of("--forks", "--iterations", "--zones"), Set.of());
        int forks = o.integer("--forks", 2), iterations = o.integer("--iterations", 5), zones = o.integer("--zones", 1000);
        String classpath = System.getProperty("java.class.path");
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(PolicyBenchmark.class.getName())
                                                                        .param("zones", Integer.toString(zones))
                                                                        .forks(forks)
                                                                        .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                                                                        .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                                                                        .jvmArgsAppend("-Xmx512m", "-cp", classpath)
                                                                        .build()).run();
        Map<String, Double> ns = new HashMap<>();
        for (RunResult r : results)
        {
            String label = r.getParams().getBenchmark();
            ns.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double cold = ns.get("hotzoneColdRead") / ns.get("stockColdRead");
        double hot = ns.get("hotzoneHotRead") / ns.get("stockHotRead");
        double write = ns.get("hotzoneWrite") / ns.get("stockWrite");
        System.out.printf(Locale.ROOT, "%nnewQueryPlan, HotZone / stock time per plan with %d READY zones: read outside zones %.3f, read of a READY zone %.3f (routed), write %.3f%n",
                          zones, cold, hot, write);
        System.out.printf(Locale.ROOT, "{\"bench\": \"policy\", \"zones\": %d, \"ns\": {\"stock_cold_read\": %.1f, \"hotzone_cold_read\": %.1f, \"stock_hot_read\": %.1f, "
                                       + "\"hotzone_hot_read\": %.1f, \"stock_write\": %.1f, \"hotzone_write\": %.1f}, \"ratio_cold_read\": %.4f, \"ratio_hot_read\": %.4f, \"ratio_write\": %.4f}%n",
                          zones, ns.get("stockColdRead"), ns.get("hotzoneColdRead"), ns.get("stockHotRead"), ns.get("hotzoneHotRead"), ns.get("stockWrite"),
                          ns.get("hotzoneWrite"), cold, hot, write);
        return 0;
    }
}
