package io.hotzone.dtests.cluster;

import java.io.IOException;
import java.util.List;

/** How a node folder is laid out and its JVM started: from Maven's jars, or from an official tarball. */
interface NodeLauncher
{
    /** Lays out {@code node.dir()}: configuration, lib/ with the plugin jar dropped in. */
    void install(Node node) throws IOException;

    /** The command that runs the node in the foreground (so that its pid is the JVM's). */
    List<String> command(Node node) throws IOException;

    /** Extra environment for the command. */
    default java.util.Map<String, String> environment(Node node)
    {
        return java.util.Map.of();
    }

    /** Runs the JVM without the right to lock memory: as root, Cassandra's mlockall would pin the whole heap. */
    static List<String> withoutMemoryLock(List<String> command)
    {
        if (!"root".equals(System.getProperty("user.name")) || !new java.io.File("/usr/bin/setpriv").canExecute()
            || !new java.io.File("/usr/bin/prlimit").canExecute())
            return command;
        List<String> wrapped = new java.util.ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock",
                                                                 "/usr/bin/prlimit", "--memlock=0:0"));
        wrapped.addAll(command);
        return wrapped;
    }
}
