package io.hotzone.plan;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hotzone.server.Server;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseTest
{
    /** A server whose LWTs apply, once the current gate is open; {@code entered} counts the LWTs sent. */
    private static Server server(CountDownLatch[] gate, Semaphore entered)
    {
        return (Server) Proxy.newProxyInstance(Server.class.getClassLoader(), new Class<?>[]{ Server.class }, (proxy, method, args) -> {
            if (!method.getName().equals("execute"))
                throw new UnsupportedOperationException(method.getName());
            entered.release();
            gate[0].await();
            return List.of(Map.<String, Object>of("[applied]", true));
        });
    }

    @Test
    void askingWhetherWeLeadNeverWaitsForARenewalInFlight() throws Exception
    {
        CountDownLatch open = new CountDownLatch(0), closed = new CountDownLatch(1);
        AtomicLong now = new AtomicLong(1_000_000);
        CountDownLatch[] gate = { open };
        Semaphore entered = new Semaphore(0);
        Lease lease = new Lease(Lease.LEADER, server(gate, entered), "10.0.0.1", Duration.ofSeconds(12), now::get);
        assertThat(lease.isHeld()).isFalse();
        assertThat(lease.acquireOrRenew()).isTrue();

        entered.drainPermits();
        gate[0] = closed; // the next renewal's LWT hangs (a slow Paxos round)
        CompletableFuture<Boolean> renewal = CompletableFuture.supplyAsync(lease::acquireOrRenew);
        try
        {
            assertThat(entered.tryAcquire(5, TimeUnit.SECONDS)).as("the renewal's LWT is in flight, under the lease's lock").isTrue();
            assertThat(renewal).isNotDone();
            assertThat(CompletableFuture.supplyAsync(lease::isHeld).get(2, TimeUnit.SECONDS)).as("covered by the last renewal").isTrue();
            now.addAndGet(Duration.ofSeconds(13).toMillis());
            assertThat(CompletableFuture.supplyAsync(lease::isHeld).get(2, TimeUnit.SECONDS)).as("the last renewal ran out").isFalse();
        }
        finally
        {
            closed.countDown();
        }
        assertThat(renewal.get(5, TimeUnit.SECONDS)).as("a renewal counts from when it was sent: this one answered too late").isFalse();
        assertThat(lease.acquireOrRenew()).isTrue();
        assertThat(lease.isHeld()).isTrue();
    }
}
