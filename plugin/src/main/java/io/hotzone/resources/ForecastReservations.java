package io.hotzone.resources;

import java.time.Instant;
import java.util.List;

/**
 * What the allocator needs of {@code hotzone.reservations}: every reservation, and writes that touch only rows the
 * allocator owns (origin {@code forecast}), so an operator's reservation made meanwhile is never overwritten or removed.
 */
public interface ForecastReservations
{
    List<Reservation> all(Instant now);

    /**
     * Writes a forecast reservation where there is none ({@code old} null) or where the one there is still a forecast's.
     *
     * @return false when an operator's reservation is there now (nothing written)
     */
    boolean putForecast(Reservation r, Reservation old, String by, Instant now);

    /** Removes the reservation if it is still a forecast's. */
    void removeForecast(Reservation r);
}
