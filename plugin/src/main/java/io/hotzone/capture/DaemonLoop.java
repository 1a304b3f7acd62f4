package io.hotzone.capture;

/**
 * One named daemon thread that runs a step repeatedly until stopped (or interrupted). The plugin's background work
 * (capture draining, history writing) runs this way, so none of it can keep a stopping JVM alive.
 */
public final class DaemonLoop
{
    /** One round of work; it blocks or parks briefly itself when idle. */
    @FunctionalInterface
    public interface Step
    {
        void run() throws InterruptedException;
    }

    private final String name;
    private final Step step;
    private volatile Thread thread;

    public DaemonLoop(String name, Step step)
    {
        this.name = name;
        this.step = step;
    }

    public synchronized void start()
    {
        if (thread != null)
            return;
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public synchronized void stop()
    {
        Thread t = thread;
        thread = null;
        if (t != null)
            t.interrupt();
    }

    private void loop()
    {
        try
        {
            while (thread == Thread.currentThread())
                step.run();
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
