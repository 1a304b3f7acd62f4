package io.hotzone.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Predicted against measured load of this node, window by window. At each window's start: requests per second as in
 * the last window without what its zones brought, plus what the zones this node serves are forecast to bring in the
 * new one, turned into CPU by the node's
 * {@link LoadModel}. At its end: the mean of the node's samples within it, the error, and the model updated from those
 * samples (so a window is always predicted by a model that has not seen it).
 */
public final class LoadPredictions
{
    /** Closed windows the MAPE kept beside each window covers. */
    public static final int MAPE_WINDOWS = 10;
    /** Samples the model needs before {@link #readCapacity} trusts its CPU per read. */
    public static final int CAPACITY_SAMPLES = 30;

    private final Duration window;
    private final LoadModel model;
    private final BiFunction<Instant, Instant, Double> zoneReads;
    private final int keep;
    private final Deque<LoadWindow> windows = new ArrayDeque<>();
    private LoadWindow open;
    private double baseReads, lastWrites;

    /** @param zoneReads extra reads per second the zones this node serves are forecast to bring between two instants */
    public LoadPredictions(Duration window, LoadModel model, BiFunction<Instant, Instant, Double> zoneReads, int keep)
    {
        this.window = window;
        this.model = model;
        this.zoneReads = zoneReads;
        this.keep = keep;
    }

    /** Closes the open window with the samples taken in it (if any), learns from them, and opens the next one at {@code now}. */
    public synchronized void roll(Instant now, List<NodeSample> samples)
    {
        if (open != null)
        {
            double cpu = 0, reads = 0, writes = 0;
            int n = 0;
            for (NodeSample s : samples)
            {
                if (s.at().isAfter(open.start()) && !s.at().isAfter(now) && s.get(NodeSample.CPU_PROCESS) >= 0)
                {
                    cpu += s.get(NodeSample.CPU_PROCESS);
                    reads += s.get(NodeSample.CLIENT_READS);
                    writes += s.get(NodeSample.CLIENT_WRITES);
                    n++;
                    model.learn(s.get(NodeSample.CLIENT_READS), s.get(NodeSample.CLIENT_WRITES), s.get(NodeSample.CPU_PROCESS));
                }
            }
            if (n > 0)
            {
                baseReads = Math.max(0, reads / n - open.zoneReads());
                lastWrites = writes / n;
                windows.addLast(open.measured(reads / n, lastWrites, cpu / n));
                while (windows.size() > keep)
                    windows.removeFirst();
                windows.addLast(windows.removeLast().withCpuMape(cpuMape(MAPE_WINDOWS)));
            }
        }
        Instant end = now.plus(window);
        double zone = zoneReads.apply(now, end);
        double reads = baseReads + zone;
        open = new LoadWindow(now, end, reads, lastWrites, zone, model.samples() == 0 ? Double.NaN : model.predict(reads, lastWrites),
                              Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Reads per second this node would serve with {@code cores} busy, from the CPU per read its model learned; NaN until
     * the model has {@link #CAPACITY_SAMPLES} samples and a plausible cost (1 µs to 100 ms of CPU per read): a model fed
     * only idle samples knows nothing about reads.
     */
    public synchronized double readCapacity(double cores)
    {
        double perRead = model.cpuPerRead();
        if (model.samples() < CAPACITY_SAMPLES || !(perRead >= 1e-6 && perRead <= 0.1))
            return Double.NaN;
        return cores / perRead;
    }

    /** The closed windows, oldest first, then the open one. */
    public synchronized List<LoadWindow> windows()
    {
        List<LoadWindow> out = new ArrayList<>(windows);
        if (open != null)
            out.add(open);
        return out;
    }

    /** Mean absolute percentage error of the CPU prediction over the last {@code n} closed windows that had one; NaN if none. */
    public synchronized double cpuMape(int n)
    {
        List<Double> errors = new ArrayList<>();
        for (LoadWindow w : windows)
            if (!Double.isNaN(w.cpuError()))
                errors.add(w.cpuError());
        List<Double> last = errors.subList(Math.max(0, errors.size() - n), errors.size());
        return last.isEmpty() ? Double.NaN : last.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
