package org.envgate.gateway.poll;

import java.util.List;
import org.envgate.drivers.FrameCounters;
import org.envgate.wire.Reading;

/**
 * A snapshot of one sensor for health and the status page.
 *
 * @param fault  the last problem in plain words, empty when all is well
 * @param latest the values of the last good sample
 * @param faults failed reads since start: timeouts, error answers, out-of-range values, port faults
 */
public record SensorStatus(String id, String model, String port, SensorState state, String fault,
                           List<Reading> latest, FrameCounters frames, long faults) {
}
