package org.envgate.drivers;

import java.io.IOException;
import java.util.List;

/**
 * Talks to one sensor: the commands, the timing, the framing. The poller owns the schedule; a
 * driver instance serves one sensor and is used from one thread. Serial sensors extend
 * {@link SerialSensorDriver}.
 */
public interface SensorDriver extends AutoCloseable {

    /**
     * Opens what the sensor is connected to and prepares the sensor (sets its mode, wakes it).
     * Called again after a failure, once the port is back. Values read during the sensor's
     * warm-up after this are sent flagged as taken during warm-up (QARTOD flag 2).
     */
    void open(DriverContext context) throws IOException;

    /**
     * Takes one sample now. Called once per interval while open.
     *
     * @return the values of this sample, never empty
     * @throws SensorTimeoutException when no valid answer came in time
     * @throws org.envgate.link.PortLostException when the port went away; the poller closes and reopens
     */
    List<Measurement> read() throws IOException;

    /** Releases the port; idempotent. */
    @Override
    void close();

    /** Counts of frames the decoder threw away, for health and for the technician. */
    default FrameCounters counters() {
        return FrameCounters.NONE;
    }
}
