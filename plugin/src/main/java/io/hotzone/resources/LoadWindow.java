package io.hotzone.resources;

import java.time.Instant;

/**
 * One prediction window of a node: what was predicted at its start (requests per second, of which from zones, and the
 * CPU the model expected for them) and, once it has ended, what the node's samples measured.
 */
public final class LoadWindow
{
    private final Instant start;
    private final Instant end;
    private final double predictedReads;
    private final double predictedWrites;
    private final double zoneReads;
    private final double predictedCpu;
    private final double measuredReads;
    private final double measuredWrites;
    private final double measuredCpu;
    private final double cpuMape;

    LoadWindow(Instant start, Instant end, double predictedReads, double predictedWrites, double zoneReads, double predictedCpu,
               double measuredReads, double measuredWrites, double measuredCpu, double cpuMape)
    {
        this.cpuMape = cpuMape;
        this.start = start;
        this.end = end;
        this.predictedReads = predictedReads;
        this.predictedWrites = predictedWrites;
        this.zoneReads = zoneReads;
        this.predictedCpu = predictedCpu;
        this.measuredReads = measuredReads;
        this.measuredWrites = measuredWrites;
        this.measuredCpu = measuredCpu;
    }

    LoadWindow measured(double reads, double writes, double cpu)
    {
        return new LoadWindow(start, end, predictedReads, predictedWrites, zoneReads, predictedCpu, reads, writes, cpu, Double.NaN);
    }

    LoadWindow withCpuMape(double mape)
    {
        return new LoadWindow(start, end, predictedReads, predictedWrites, zoneReads, predictedCpu, measuredReads, measuredWrites, measuredCpu, mape);
    }

    /** CPU MAPE over the last {@link LoadPredictions#MAPE_WINDOWS} closed windows up to this one; NaN while open or with none. */
    public double cpuMape()
    {
        return cpuMape;
    }

    public boolean closed()
    {
        return !Double.isNaN(measuredCpu);
    }

    /** |predicted − measured| / measured CPU; NaN while open or when nothing was measured. */
    public double cpuError()
    {
        return closed() && measuredCpu > 0 ? Math.abs(predictedCpu - measuredCpu) / measuredCpu : Double.NaN;
    }

    public Instant start()
    {
        return start;
    }

    public Instant end()
    {
        return end;
    }

    public double predictedReads()
    {
        return predictedReads;
    }

    public double predictedWrites()
    {
        return predictedWrites;
    }

    /** Of the predicted reads per second, those the zones this node serves are forecast to bring. */
    public double zoneReads()
    {
        return zoneReads;
    }

    public double predictedCpu()
    {
        return predictedCpu;
    }

    public double measuredReads()
    {
        return measuredReads;
    }

    public double measuredWrites()
    {
        return measuredWrites;
    }

    public double measuredCpu()
    {
        return measuredCpu;
    }
}
