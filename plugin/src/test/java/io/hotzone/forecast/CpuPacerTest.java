package io.hotzone.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuPacerTest
{
    /** A thread that burns CPU only when told, on clocks the test moves. */
    private static class FakeClock implements CpuPacer.Clock
    {
        long cpu, wall;
        final List<Long> sleeps = new ArrayList<>();
        boolean interrupted;

        void work(long cpuNanos)
        {
            cpu += cpuNanos;
            wall += cpuNanos;
        }

        @Override
        public long cpuNanos()
        {
            return cpu;
        }

        @Override
        public long wallNanos()
        {
            return wall;
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException
        {
            if (interrupted)
                throw new InterruptedException();
            sleeps.add(nanos);
            wall += nanos;
        }
    }

    @Test
    void sleepsUntilTheCpuTimeIsTheShareOfTheWallTime()
    {
        FakeClock clock = new FakeClock();
        clock.work(5_000); // before start: not counted
        CpuPacer pacer = new CpuPacer(0.25, clock).start();
        clock.work(1_000);
        pacer.pace();
        assertThat(clock.sleeps).containsExactly(3_000L); // 1 000 of CPU needs 4 000 of wall
        clock.wall += 10_000; // the thread waited on something else: that counts as wall time
        clock.work(1_000);
        pacer.pace();
        assertThat(clock.sleeps).as("2 000 of CPU in 15 000 of wall: under the share").hasSize(1);
        clock.work(3_000);
        pacer.pace();
        assertThat(clock.sleeps).containsExactly(3_000L, 2_000L); // 5 000 of CPU needs 20 000 of wall: 18 000 passed
        assertThat(pacer.cpuNanos()).isEqualTo(5_000);
        assertThat(pacer.sleptNanos()).isEqualTo(5_000);
        assertThat(pacer.cpuNanos() / (double) (clock.wall - 5_000)).isEqualTo(0.25);
    }

    @Test
    void timeOffTheCpuIsCreditForOneSecondAtMost()
    {
        FakeClock clock = new FakeClock();
        CpuPacer pacer = new CpuPacer(0.5, clock).start();
        clock.wall += 10_000_000_000L; // starved for 10 s
        clock.work(2_000_000_000L);
        pacer.pace();
        assertThat(clock.sleeps).as("2 s of CPU need 4 s: 12 s passed").isEmpty();
        clock.work(2_000_000_000L);
        pacer.pace();
        // 4 s of CPU need 8 s; of the 10 s starved only 1 s counts beyond the need: 7 s counted, 1 s to sleep
        assertThat(clock.sleeps).containsExactly(1_000_000_000L);
        assertThat(pacer.paces()).isEqualTo(2);
    }

    @Test
    void anInterruptedThreadIsCancelledEvenWhenNoSleepIsDue()
    {
        CpuPacer whole = new CpuPacer(1, new FakeClock()).start();
        Thread.currentThread().interrupt();
        try
        {
            assertThatThrownBy(whole::pace).isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("kept").isTrue();
        }
        finally
        {
            Thread.interrupted();
        }
    }

    @Test
    void aWholeCoreNeverSleepsAndAnUnstartedPacerDoesNothing()
    {
        FakeClock clock = new FakeClock();
        CpuPacer whole = new CpuPacer(1, clock).start();
        clock.work(1_000_000);
        whole.pace();
        assertThat(clock.sleeps).isEmpty();
        assertThat(whole.cpuNanos()).as("still measured").isEqualTo(1_000_000);
        new CpuPacer(0.1, clock).pace();
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void withoutACpuClockNothingIsPaced()
    {
        FakeClock clock = new FakeClock()
        {
            @Override
            public long cpuNanos()
            {
                return -1;
            }
        };
        CpuPacer pacer = new CpuPacer(0.1, clock).start();
        clock.work(1_000);
        pacer.pace();
        assertThat(clock.sleeps).isEmpty();
        assertThat(pacer.measures()).isFalse();
    }

    @Test
    void anInterruptWhilePacingCancelsAndKeepsTheInterrupt()
    {
        FakeClock clock = new FakeClock();
        CpuPacer pacer = new CpuPacer(0.5, clock).start();
        clock.work(1_000);
        clock.interrupted = true;
        try
        {
            assertThatThrownBy(pacer::pace).isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
        finally
        {
            Thread.interrupted();
        }
    }

    @Test
    void aShareOutsideZeroToOneIsRefused()
    {
        for (double bad : new double[]{ 0, -0.5, 1.5, Double.NaN })
            assertThatThrownBy(() -> CpuPacer.ofThread(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1]");
    }
}
