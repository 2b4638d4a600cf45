package org.envgate.simulator.scenario;

/**
 * Maps the real time a twin is driven with to the scenario's simulated time. Only values and the
 * fault schedule run fast; the protocols keep real time (a frame a second, a 900 ms reading).
 *
 * @param realStartMillis the real time the scenario started at
 * @param timeFactor      simulated milliseconds per real millisecond
 */
public record ScenarioClock(long realStartMillis, double timeFactor) {

    /** Simulated milliseconds since the start. */
    public long simMillis(long realMillis) {
        return Math.round((realMillis - realStartMillis) * timeFactor);
    }
}
