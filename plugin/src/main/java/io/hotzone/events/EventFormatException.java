package io.hotzone.events;

/** Bad event input, with the line (or JSON element) it came from in the message. Nothing was written. */
public final class EventFormatException extends IllegalArgumentException
{
    public EventFormatException(String message)
    {
        super(message);
    }
}
