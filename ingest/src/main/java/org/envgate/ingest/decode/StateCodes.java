package org.envgate.ingest.decode;

import java.util.Map;

/**
 * The numbers stored beside a state's text, so that stores which keep only numbers can chart
 * states too (docs/ingest.md, "State codes"). A code never changes meaning; a state this
 * version does not know is {@value #OTHER}.
 */
public final class StateCodes {

    /** A state this version of ingest does not know, e.g. from a newer gateway. */
    public static final int OTHER = 9;

    private static final Map<String, Integer> SENSOR = Map.of(
            "ok", 0,
            "starting", 1,
            "warming_up", 2,
            "no_response", 3,
            "sensor_error", 4,
            "port_fault", 5);

    private static final Map<String, Integer> CLOCK = Map.of(
            "synchronized", 0,
            "unknown", 1,
            "unsynchronized", 2);

    private StateCodes() {
    }

    /** A sensor's state: 0 ok, 1 starting, 2 warming_up, 3 no_response, 4 sensor_error, 5 port_fault. */
    public static int sensor(String state) {
        return SENSOR.getOrDefault(state, OTHER);
    }

    /** The gateway's clock: 0 synchronized, 1 unknown, 2 unsynchronized. */
    public static int clock(String state) {
        return CLOCK.getOrDefault(state, OTHER);
    }
}
