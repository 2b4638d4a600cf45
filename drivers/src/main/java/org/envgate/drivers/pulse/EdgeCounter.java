package org.envgate.drivers.pulse;

/**
 * Counts the active edges of a bouncing contact. Pure: the caller gives each edge's time.
 *
 * <p>Rule: an active edge counts when the line was quiet (no edge in either direction) for at
 * least the debounce time before it. A reed switch bounces both when it closes and when it
 * opens; with this rule neither burst counts again, whereas a lock-out after the counted edge
 * alone would count the bounce on opening, 50-150 ms later, as a second tip.
 *
 * <p>Thread-safe: edges come from the GPIO platform's event thread, {@link #take()} from the
 * poller; every edge lands in exactly one {@code take}.
 */
public final class EdgeCounter {

    private final long debounceNanos;
    private boolean anyEdge;
    private long lastEdgeNanos;
    private long count;

    public EdgeCounter(long debounceNanos) {
        if (debounceNanos < 0) {
            throw new IllegalArgumentException("debounce must not be negative: " + debounceNanos);
        }
        this.debounceNanos = debounceNanos;
    }

    /** One change of the line at {@code nanos}; {@code active} when it is the configured edge. */
    public synchronized void edge(boolean active, long nanos) {
        if (active && (!anyEdge || nanos - lastEdgeNanos >= debounceNanos)) {
            count++;
        }
        anyEdge = true;
        lastEdgeNanos = nanos;
    }

    /** The edges counted since the last call, and starts over. */
    public synchronized long take() {
        long taken = count;
        count = 0;
        return taken;
    }
}
