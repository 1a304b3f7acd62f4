package io.hotzone.nodetool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.apache.cassandra.tools.Output;

import io.hotzone.nodetool.hotzone.Status;

import static org.assertj.core.api.Assertions.assertThat;

class NodeToolExtTest
{
    @Test
    void findsTheCommandWordPastTheConnectionOptions()
    {
        assertThat(NodeToolExt.isHotZone("hotzone", "status")).isTrue();
        assertThat(NodeToolExt.isHotZone("-h", "127.0.0.2", "-p", "7299", "hotzone", "status")).isTrue();
        assertThat(NodeToolExt.isHotZone("-pp", "-u", "hotzone", "-pw", "secret", "hotzone")).isTrue();
        assertThat(NodeToolExt.isHotZone("help", "hotzone")).isTrue();
        // An option value that happens to be "hotzone" is not the command.
        assertThat(NodeToolExt.isHotZone("-u", "hotzone", "status")).isFalse();
        assertThat(NodeToolExt.isHotZone("-h", "127.0.0.1", "ring")).isFalse();
        assertThat(NodeToolExt.isHotZone("help")).isFalse();
        assertThat(NodeToolExt.isHotZone()).isFalse();
    }

    @Test
    void helpBehindConnectionOptionsIsStillHelp()
    {
        // bin/nodetool-ext of the distribution puts "-p <JMX_PORT>" first
        assertThat(NodeToolExt.words("-p", "7199", "help")).containsExactly("help");
        assertThat(NodeToolExt.words("-p", "7199", "-pp", "hotzone", "plan", "-F", "json")).containsExactly("hotzone", "plan", "json");
    }

    @Test
    void statusIsTheGroupDefaultAndKeepsTheStockConnectionOptions()
    {
        Object parsed = NodeToolExt.parser().parse("-h", "127.0.0.3", "-p", "7399", "hotzone");
        assertThat(parsed).isInstanceOf(Status.class);
        assertThat(NodeToolExt.parser().parse("-p", "7299", "hotzone", "status")).isInstanceOf(Status.class);
    }

    @Test
    void anUnknownCommandIsABadUseWithExitCodeOne()
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        int status = new NodeToolExt(new NodeToolExt.JmxProbes(), output).execute("hotzone", "frobnicate");
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nodetool-ext:").contains("frobnicate").contains("help hotzone");
    }

    @Test
    void helpListsEveryHotZoneCommand()
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        NodeToolExt.printGroupSummary(output);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(NodeToolExt.COMMANDS).hasSize(25);
        for (String name : java.util.List.of("status", "top", "events", "history", "forecast", "boost", "unboost", "grow", "plan",
                                             "disableautoboost", "enableautoboost", "statusautoboost", "imports", "reservations", "reserve",
                                             "release", "disableautoreserve", "enableautoreserve", "statusautoreserve", "moves", "move", "disableautomove",
                                             "enableautomove", "statusautomove", "rules"))
            assertThat(text).as("help lists %s", name).containsPattern("(?m)^    hotzone " + name + " +\\S");
    }
}
