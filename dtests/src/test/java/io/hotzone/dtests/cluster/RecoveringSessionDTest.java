package io.hotzone.dtests.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.hotzone.dtests.SharedCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness's sessions survive the driver bug that failed a CI run (a schema refresh that failed while the control
 * channel was down stays "current" forever, so every later DDL timed out): the bug's state is put in place by hand.
 */
@ExtendWith(SharedCluster.class)
class RecoveringSessionDTest
{
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSchemaChangeAfterTheDriversRefreshGotStuckOpensANewSessionAndCompletes(LocalCluster cluster) throws Exception
    {
        try (CqlSession session = cluster.session())
        {
            RecoveringSession recovering = (RecoveringSession) session;
            CqlSession jammed = recovering.current();
            CompletableFuture<Object> failed = new CompletableFuture<>();
            failed.completeExceptionally(new IllegalStateException("Control channel not available, aborting schema refresh"));
            RecoveringSession.currentSchemaRefresh(jammed).set(RecoveringSession.singleThreaded(jammed), failed);

            // The driver session itself now never completes a schema change (the server applies it).
            String keyspace = "CREATE KEYSPACE IF NOT EXISTS recovering WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}";
            assertThatThrownBy(() -> jammed.execute(SimpleStatement.newInstance(keyspace).setTimeout(Duration.ofSeconds(3))))
                .isInstanceOf(DriverTimeoutException.class);

            session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS recovering.t (k int PRIMARY KEY, v int)").setTimeout(Duration.ofSeconds(30)));
            assertThat(recovering.current()).as("a new driver session").isNotSameAs(jammed);
            session.execute("INSERT INTO recovering.t (k, v) VALUES (1, 1)");
            assertThat(session.getMetadata().getKeyspace("recovering").flatMap(k -> k.getTable("t"))).as("the new session's schema").isPresent();
            assertThat(jammed.closeFuture().toCompletableFuture().get(30, TimeUnit.SECONDS)).isNull();
            session.execute(SimpleStatement.newInstance("DROP KEYSPACE recovering").setTimeout(Duration.ofSeconds(30)));
        }
    }
}
