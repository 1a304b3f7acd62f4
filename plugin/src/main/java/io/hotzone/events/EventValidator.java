package io.hotzone.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.hotzone.server.Server;

/** Checks parsed events against the live schema and the clock; all must pass before any is written. */
public final class EventValidator
{
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    private final Server server;

    public EventValidator(Server server)
    {
        this.server = server;
    }

    /** The events with ids assigned where missing; throws on the first problem, naming where it is. */
    public List<Event> validate(List<EventParser.Located> located, Instant now)
    {
        List<Event> valid = new ArrayList<>(located.size());
        Set<String> ids = new HashSet<>();
        for (EventParser.Located l : located)
        {
            Event e = l.event();
            String where = l.where() + " (" + e.name() + ")";
            if (!e.end().isAfter(e.start()))
                throw new EventFormatException(where + ": end " + e.end() + " is not after start " + e.start());
            if (!e.end().isAfter(now))
                throw new EventFormatException(where + ": the event is in the past (it ended " + e.end() + ")");
            if (!(e.multiplier() > 0) || Double.isInfinite(e.multiplier()))
                throw new EventFormatException(where + ": multiplier must be a positive number, got " + e.multiplier());
            if (!server.tableExists(e.table()))
                throw new EventFormatException(where + ": unknown table " + e.table());
            for (String key : e.keys())
            {
                try
                {
                    server.parseKey(e.table(), key);
                }
                catch (IllegalArgumentException bad)
                {
                    throw new EventFormatException(where + ": " + bad.getMessage());
                }
            }
            String id = e.id() == null ? UUID.randomUUID().toString() : e.id();
            if (!id.matches(ID))
                throw new EventFormatException(where + ": id '" + id + "' must be 1-64 letters, digits, '_', '-' or '.'");
            if (!ids.add(id))
                throw new EventFormatException(where + ": id '" + id + "' appears twice");
            valid.add(new Event(id, e.name(), e.start(), e.end(), e.table(), e.keys(), e.tokenRange(), e.multiplier(), e.source()));
        }
        return valid;
    }
}
