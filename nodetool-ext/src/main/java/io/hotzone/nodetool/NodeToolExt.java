package io.hotzone.nodetool;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import com.google.common.base.Throwables;

import io.airlift.airline.Cli;
import io.airlift.airline.Command;
import io.airlift.airline.Help;
import io.airlift.airline.ParseException;

import org.apache.cassandra.tools.INodeProbeFactory;
import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.NodeTool;
import org.apache.cassandra.tools.Output;

import io.hotzone.nodetool.hotzone.Events;
import io.hotzone.nodetool.hotzone.Boost;
import io.hotzone.nodetool.hotzone.Forecast;
import io.hotzone.nodetool.hotzone.Imports;
import io.hotzone.nodetool.hotzone.DisableAutoReserve;
import io.hotzone.nodetool.hotzone.EnableAutoReserve;
import io.hotzone.nodetool.hotzone.Release;
import io.hotzone.nodetool.hotzone.Reservations;
import io.hotzone.nodetool.hotzone.Reserve;
import io.hotzone.nodetool.hotzone.StatusAutoReserve;
import io.hotzone.nodetool.hotzone.Plan;
import io.hotzone.nodetool.hotzone.Unboost;
import io.hotzone.nodetool.hotzone.Grow;
import io.hotzone.nodetool.hotzone.DisableAutoBoost;
import io.hotzone.nodetool.hotzone.DisableAutoMove;
import io.hotzone.nodetool.hotzone.EnableAutoBoost;
import io.hotzone.nodetool.hotzone.EnableAutoMove;
import io.hotzone.nodetool.hotzone.Rules;
import io.hotzone.nodetool.hotzone.StatusAutoMove;
import io.hotzone.nodetool.hotzone.StatusAutoBoost;
import io.hotzone.nodetool.hotzone.History;
import io.hotzone.nodetool.hotzone.Status;
import io.hotzone.nodetool.hotzone.Top;
import io.hotzone.nodetool.hotzone.Move;
import io.hotzone.nodetool.hotzone.Moves;

/**
 * {@code nodetool-ext}: every stock nodetool command, handed to Cassandra's own {@link NodeTool} unchanged, plus
 * the {@code hotzone} command group. Both take the same connection options ({@code -h -p -u -pw -pwf -pp}).
 */
public final class NodeToolExt
{
    /** Stock global options that take a value; needed to find the command word among the arguments. */
    private static final Set<String> VALUED_OPTIONS = Set.of("-h", "--host", "-p", "--port", "-u", "--username",
                                                             "-pw", "--password", "-pwf", "--password-file");
    static final String GROUP = "hotzone";

    private final INodeProbeFactory probes;
    private final Output output;

    public NodeToolExt(INodeProbeFactory probes, Output output)
    {
        this.probes = probes;
        this.output = output;
    }

    public static void main(String... args)
    {
        int status = isHotZone(args) ? new NodeToolExt(new JmxProbes(), Output.CONSOLE).execute(args)
                                     : new NodeTool(new JmxProbes(), Output.CONSOLE).execute(args);
        List<String> words = words(args);
        if (words.isEmpty() || words.equals(List.of("help")))
            printGroupSummary(Output.CONSOLE);
        System.exit(status);
    }

    /** True when the command word (the first argument that is neither an option nor an option's value) is {@value #GROUP}. */
    static boolean isHotZone(String... args)
    {
        List<String> words = words(args);
        return !words.isEmpty() && (GROUP.equals(words.get(0)) || (words.size() > 1 && "help".equals(words.get(0)) && GROUP.equals(words.get(1))));
    }

    /** The arguments that are neither options nor the values of the connection options (-h, -p, ... take one). */
    static List<String> words(String... args)
    {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            String a = args[i];
            if (VALUED_OPTIONS.contains(a))
                i++;
            else if (!a.startsWith("-"))
                words.add(a);
        }
        return words;
    }

    /** Every command of the group, in the order {@code help} lists them. */
    static final List<Class<? extends Object>> COMMANDS = List.of(Status.class, Top.class, Events.class, History.class, Forecast.class, Boost.class,
                                                                Unboost.class, Grow.class, Plan.class, DisableAutoBoost.class, EnableAutoBoost.class,
                                                                StatusAutoBoost.class, Imports.class, Reservations.class, Reserve.class,
                                                                Release.class, DisableAutoReserve.class, EnableAutoReserve.class,
                                                                StatusAutoReserve.class, Moves.class, Move.class, DisableAutoMove.class,
                                                                EnableAutoMove.class, StatusAutoMove.class, Rules.class);

    static Cli<Object> parser()
    {
        Cli.CliBuilder<Object> builder = Cli.builder("nodetool-ext");
        builder.withDescription("nodetool with the HotZone commands").withDefaultCommand(Help.class).withCommand(Help.class);
        builder.withGroup(GROUP)
               .withDescription("HotZone: forecast hot partitions and prepare the ring before they get hot")
               .withDefaultCommand(Status.class)
               .withCommands(COMMANDS);
        return builder.build();
    }

    public int execute(String... args)
    {
        try
        {
            Object command = parser().parse(args);
            if (command instanceof NodeTool.NodeToolCmd)
                ((NodeTool.NodeToolCmd) command).run(probes, output);
            else
                ((Runnable) command).run();
            return 0;
        }
        catch (ParseException | IllegalArgumentException | IllegalStateException e)
        {
            output.out.println("nodetool-ext: " + e.getMessage());
            output.out.println("See 'nodetool-ext help hotzone' or 'nodetool-ext help hotzone <command>'.");
            return 1;
        }
        catch (Throwable t)
        {
            Throwable root = Throwables.getRootCause(t);
            output.err.println("error: " + root.getMessage());
            output.err.println("-- StackTrace --");
            output.err.println(Throwables.getStackTraceAsString(root));
            return 2;
        }
    }

    /** After stock nodetool's command list: every HotZone command, from its own {@code @Command} annotation. */
    static void printGroupSummary(Output output)
    {
        output.out.println();
        output.out.println("HotZone commands (nodetool-ext " + GROUP + " <command>; see 'nodetool-ext help " + GROUP + " <command>'):");
        for (Class<?> c : COMMANDS)
        {
            Command command = c.getAnnotation(Command.class);
            output.out.println("    " + String.format("%-30s", GROUP + " " + command.name()) + command.description());
        }
    }

    /** Cassandra's probe factory is package-private; this is the same thing. */
    static final class JmxProbes implements INodeProbeFactory
    {
        @Override
        public NodeProbe create(String host, int port) throws IOException
        {
            return new NodeProbe(host, port);
        }

        @Override
        public NodeProbe create(String host, int port, String username, String password) throws IOException
        {
            return new NodeProbe(host, port, username, password);
        }
    }
}
