package org.envgate.ingest.store;

import java.time.Duration;
import java.util.List;

/** Where points go: anything that takes the InfluxDB v2 write API. */
public interface PointStore extends AutoCloseable {

    /**
     * Writes lines of line protocol and returns only once the store has accepted all of them.
     * Writing the same lines again changes nothing: a point's identity is its measurement,
     * tags and time. Two writes may run at once, from different threads.
     */
    void write(List<String> lines) throws StoreException;

    /**
     * The longest one write may take before it counts as failed: a write that has not returned
     * well past it is hung, and the watchdog stops telling systemd that ingest is alive.
     */
    default Duration writeTimeout() {
        return Duration.ofSeconds(30);
    }

    /** For log messages, e.g. its URL. */
    String describe();

    @Override
    void close();
}
