package io.hotzone.dtests;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** Light steady reads for dtests that need access history: about 25 reads/s over {@code prefix}0..{@code prefix}19. */
final class Traffic
{
    private Traffic()
    {
    }

    static void steady(CqlSession session, PreparedStatement read, String prefix, Duration length)
    {
        steady(session, read, prefix, length, null);
    }

    /** As {@link #steady(CqlSession, PreparedStatement, String, Duration)}, plus one read of {@code burstKey} each time. */
    static void steady(CqlSession session, PreparedStatement read, String prefix, Duration length, String burstKey)
    {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end)
        {
            session.execute(read.bind(prefix + ThreadLocalRandom.current().nextInt(20)));
            if (burstKey != null)
                session.execute(read.bind(burstKey));
            try
            {
                Thread.sleep(40);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
