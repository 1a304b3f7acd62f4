package io.hotzone.server;

/** Consistency levels the plugin uses for its own reads and writes. */
public enum Consistency
{
    ONE, LOCAL_ONE, LOCAL_QUORUM, QUORUM, EACH_QUORUM, ALL, SERIAL
}
