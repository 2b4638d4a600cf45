package org.envgate.gateway.poll;

import org.envgate.drivers.FrameCounters;

/**
 * A snapshot of one sensor for health and the status page (its values, checked, are in
 * {@code CheckedReadings}).
 *
 * @param fault  the last problem in plain words, empty when all is well
 * @param hint   what to do about it, as {@code envgate check} says it ({@link FaultHint}); empty when there is nothing to add
 * @param faults failed reads since start: timeouts, error answers, out-of-range values, port faults
 */
public record SensorStatus(String id, String model, String port, SensorState state, String fault,
                           String hint, FrameCounters frames, long faults) {
}
