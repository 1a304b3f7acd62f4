package io.hotzone.nodetool.hotzone;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.airlift.airline.Arguments;
import io.airlift.airline.Command;
import io.airlift.airline.Option;

import org.apache.cassandra.tools.NodeProbe;
import org.apache.cassandra.tools.nodetool.formatter.TableBuilder;

import io.hotzone.surfaces.HotZoneMXBean;

@Command(name = "move", description = "Token moves on a single-token ring: plan (from recent accesses), apply the plan, request, revert, cancel or clear one")
public class Move extends HotZoneCommand
{
    @Arguments(usage = "plan | apply | request <node> <token> | revert <id> | cancel <id> | clear <id>", description = "What to do")
    private List<String> args = new ArrayList<>();

    @Option(name = "--reason", description = "Why (recorded with the moves of apply and request)")
    private String reason = "";

    @Override
    protected void execute(NodeProbe probe)
    {
        if (args.isEmpty())
            throw new IllegalArgumentException("move takes plan, apply, request <node> <token>, revert <id>, cancel <id> or clear <id>");
        HotZoneMXBean hz = installed(probe);
        PrintStream out = probe.output().out;
        String what = args.get(0);
        switch (what)
        {
            case "plan":
                words(0);
                printPlan(hz.movePlan(), out);
                break;
            case "apply":
                words(0);
                List<String> ids = hz.moveApply(reason);
                out.println("Requested " + ids.size() + " move(s), to run in order: " + String.join(", ", ids) + " (nodetool-ext hotzone moves shows them)");
                break;
            case "request":
                words(2);
                out.println("Requested move " + hz.moveRequest(args.get(1), args.get(2), reason) + " of " + args.get(1) + " to token " + args.get(2));
                break;
            case "revert":
                words(1);
                out.println("Requested move " + hz.moveRevert(args.get(1)) + ", the revert of " + args.get(1));
                break;
            case "cancel":
                words(1);
                hz.moveCancel(args.get(1));
                out.println("Cancelled " + args.get(1));
                break;
            case "clear":
                words(1);
                hz.moveClear(args.get(1));
                out.println("Cleared " + args.get(1) + ": moves may start again");
                break;
            default:
                throw new IllegalArgumentException("unknown move action '" + what + "': plan, apply, request, revert, cancel or clear");
        }
    }

    private void words(int count)
    {
        if (!reason.isEmpty() && !List.of("apply", "request").contains(args.get(0)))
            throw new IllegalArgumentException("--reason goes with apply and request only");
        if (args.size() != count + 1)
            throw new IllegalArgumentException("move " + args.get(0) + " takes " + (count == 0 ? "no argument" : count + " argument(s)"));
    }

    private static void printPlan(List<String> lines, PrintStream out)
    {
        List<String[]> moves = new ArrayList<>(), loads = new ArrayList<>();
        String reason = "";
        for (String line : lines)
        {
            String[] f = line.split("\t", -1);
            if (f[0].equals("move"))
                moves.add(f);
            else if (f[0].equals("load"))
                loads.add(f);
            else if (f[0].equals("reason"))
                reason = f[1];
        }
        out.println(moves.isEmpty() ? "No move: " + reason : "Plan: " + reason);
        if (!moves.isEmpty())
        {
            TableBuilder t = new TableBuilder("  ");
            t.add("#", "Node", "From token", "To token");
            for (int i = 0; i < moves.size(); i++)
                t.add(Integer.toString(i + 1), moves.get(i)[1], moves.get(i)[2], moves.get(i)[3]);
            t.printTo(out);
            out.println();
        }
        TableBuilder t = new TableBuilder("  ");
        t.add("Node", "Load now (accesses/s)", "Load after", "Streams in (share of the ring's data)");
        for (String[] f : loads)
            t.add(f[1], f[2], f[3], f[4]);
        t.printTo(out);
    }
}
