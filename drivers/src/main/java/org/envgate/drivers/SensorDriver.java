package org.envgate.drivers;

import java.io.IOException;
import java.util.List;
import org.envgate.link.Link;

/**
 * Talks to one sensor over an open link: the commands, the timing, the framing. The poller owns
 * the link and the schedule; a driver instance serves one sensor and is used from one thread.
 */
public interface SensorDriver {

    /**
     * Prepares the sensor after its link was opened or reopened: sets its mode, wakes it.
     * Values read during the sensor's warm-up after this are discarded by the poller.
     */
    void start(Link link) throws IOException;

    /**
     * Takes one sample now. Called once per interval.
     *
     * @return the values of this sample, never empty
     * @throws SensorTimeoutException when no valid answer came in time
     */
    List<Measurement> read(Link link) throws IOException;

    /** Counts of frames the decoder threw away, for health and for the technician. */
    default FrameCounters counters() {
        return FrameCounters.NONE;
    }
}
