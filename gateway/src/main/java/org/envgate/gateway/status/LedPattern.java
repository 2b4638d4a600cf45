package org.envgate.gateway.status;

import java.util.Collection;
import java.util.Set;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.uplink.UplinkState;

/**
 * What the status LED shows, readable from the street (docs/status-page.md has the table for
 * technicians). A sensor fault outranks being offline: it needs a visit, an outage does not.
 */
public enum LedPattern {
    /**
     * On, with a short dark blink every 3 s: online, and every sensor answers (or is still
     * starting). The blink is the heartbeat: an LED frozen on by a hung or killed process
     * never blinks.
     */
    ALL_GOOD(2875, 125),
    /** Slow blink, 1 s on, 1 s off: the broker is not reachable; readings are kept in the buffer. */
    BUFFERING(1000, 1000),
    /** Fast blink, 4 times a second: at least one sensor is in fault. */
    SENSOR_FAULT(125, 125),
    /** Off: the gateway is not running (or is stopping). */
    OFF(0, 1);

    /** The shortest time the LED stays in one level: how often it must be looked at. */
    static final long TICK_MILLIS = 125;

    private static final Set<SensorState> FAULTS = Set.of(SensorState.NO_RESPONSE, SensorState.SENSOR_ERROR,
            SensorState.PORT_FAULT);

    /** A blink's lit and dark time; no lit time is steady off. */
    private final long onMillis;
    private final long offMillis;

    LedPattern(long onMillis, long offMillis) {
        this.onMillis = onMillis;
        this.offMillis = offMillis;
    }

    /** The pattern for the gateway's state. */
    public static LedPattern of(UplinkState uplink, Collection<SensorState> sensors) {
        if (uplink == UplinkState.STOPPED) {
            return OFF;
        }
        if (sensors.stream().anyMatch(FAULTS::contains)) {
            return SENSOR_FAULT;
        }
        return uplink == UplinkState.ONLINE ? ALL_GOOD : BUFFERING;
    }

    /** Whether the LED is lit {@code millis} after this pattern began; each pattern begins lit, except OFF. */
    public boolean litAt(long millis) {
        return onMillis > 0 && Math.floorMod(millis, onMillis + offMillis) < onMillis;
    }
}
