package io.hotzone.adapter;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.cassandra.net.Message;
import org.apache.cassandra.net.MessagingService;
import org.apache.cassandra.net.Verb;
import org.apache.cassandra.service.paxos.Commit;

/**
 * The timestamp a lightweight transaction's update is committed with. Triggers see a Paxos update before Cassandra
 * re-stamps it with the ballot's time ({@code Commit.newProposal}), so the mirrored copy needs the ballot: it is read
 * from the commit message the coordinator sends, on the request thread, into that write's {@link WriteContext}.
 * Never filters or changes a message.
 */
final class PaxosCommits
{
    private static final Logger logger = LoggerFactory.getLogger(PaxosCommits.class);
    private static final AtomicBoolean installed = new AtomicBoolean();

    private PaxosCommits()
    {
    }

    static void install()
    {
        if (installed.compareAndSet(false, true))
            MessagingService.instance().outboundSink.add((message, to) -> {
                observe(message);
                return true;
            });
    }

    private static void observe(Message<?> message)
    {
        try
        {
            if (message.verb() != Verb.PAXOS_COMMIT_REQ || !(message.payload instanceof Commit))
                return;
            WriteContext context = WriteContext.current();
            if (context == null || !context.conditional)
                return;
            Commit commit = (Commit) message.payload;
            // the last commit for the partition on this thread is the write's own (a repair of another one comes first)
            context.committed(commit.update.metadata().id.asUUID(), commit.update.partitionKey().getKey(), commit.ballot.unixMicros());
        }
        catch (Throwable t)
        {
            logger.warn("HotZone: could not read a Paxos commit; its mirror copy is fenced instead", t);
        }
    }
}
