package io.hotzone.dtests.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Campaigns that shift popularity onto a key set at set times, relative to a start instant: while a campaign runs,
 * {@code share} of the operations go uniformly to its keys, the rest follow the base popularity. Campaigns marked
 * announced are written as HotZone events (the events file's CSV format) for {@code nodetool-ext hotzone events add}.
 */
public final class CampaignSchedule
{
    /**
     * @param id         event id when announced
     * @param keys       key numbers (see {@link Workload#key})
     * @param at         start, after the schedule's start
     * @param share      share of operations on the campaign's keys while it runs, in (0, 1]
     * @param multiplier the lift announced to HotZone
     * @param announced  whether HotZone is told about it ahead of time
     */
    public record Campaign(String id, List<Integer> keys, Duration at, Duration length, double share, double multiplier, boolean announced)
    {
        public Campaign
        {
            if (keys.isEmpty())
                throw new IllegalArgumentException("campaign " + id + " has no keys");
            if (!(share > 0 && share <= 1))
                throw new IllegalArgumentException("campaign share must be in (0, 1], got " + share);
            keys = List.copyOf(keys);
        }
    }

    private final Instant start;
    private final Supplier<Instant> clock;
    private final List<Campaign> campaigns = new ArrayList<>();

    public CampaignSchedule(Instant start)
    {
        this(start, Instant::now);
    }

    CampaignSchedule(Instant start, Supplier<Instant> clock)
    {
        this.start = start;
        this.clock = clock;
    }

    public CampaignSchedule add(Campaign c)
    {
        campaigns.add(c);
        return this;
    }

    public Instant start(Campaign c)
    {
        return start.plus(c.at());
    }

    public Instant end(Campaign c)
    {
        return start(c).plus(c.length());
    }

    /** The campaign running now (the first listed when several overlap). */
    public Optional<Campaign> active()
    {
        Instant now = clock.get();
        return campaigns.stream().filter(c -> !now.isBefore(start(c)) && now.isBefore(end(c))).findFirst();
    }

    /** The base popularity, shifted onto whichever campaign runs at the moment each key is drawn. */
    public Popularity over(Popularity base)
    {
        return new Popularity()
        {
            @Override
            public int next(SplittableRandom random)
            {
                Optional<Campaign> c = active();
                if (c.isEmpty() || random.nextDouble() >= c.get().share())
                    return base.next(random);
                List<Integer> keys = c.get().keys();
                return keys.get(random.nextInt(keys.size()));
            }
        };
    }

    /**
     * The lift a campaign gives a key whose base share of the operations is {@code baseShare}: what a marketing team
     * that knows the campaign's reach would announce, rounded to two significant digits.
     */
    public static double lift(double share, int campaignKeys, double baseShare)
    {
        double lift = (share / campaignKeys + (1 - share) * baseShare) / baseShare;
        double scale = Math.pow(10, Math.floor(Math.log10(lift)) - 1);
        return Math.max(1, Math.round(lift / scale) * scale);
    }

    /** The announced campaigns as a HotZone events CSV document for {@code table} (keyspace.table). */
    public String eventsCsv(String table)
    {
        StringBuilder csv = new StringBuilder("id,name,start,end,table,keys,multiplier\n");
        for (Campaign c : campaigns)
        {
            if (!c.announced())
                continue;
            StringBuilder keys = new StringBuilder();
            for (int k : c.keys())
                keys.append(keys.length() == 0 ? "" : ";").append('\'').append(Workload.key(k)).append('\'');
            csv.append(c.id()).append(',').append(c.id()).append(',').append(start(c)).append(',').append(end(c)).append(',').append(table)
               .append(",\"").append(keys).append("\",").append(c.multiplier()).append('\n');
        }
        return csv.toString();
    }
}
