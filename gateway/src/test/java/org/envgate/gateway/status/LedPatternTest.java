package org.envgate.gateway.status;

import static org.envgate.gateway.poll.SensorState.NO_RESPONSE;
import static org.envgate.gateway.poll.SensorState.OK;
import static org.envgate.gateway.poll.SensorState.PORT_FAULT;
import static org.envgate.gateway.poll.SensorState.SENSOR_ERROR;
import static org.envgate.gateway.poll.SensorState.STARTING;
import static org.envgate.gateway.poll.SensorState.WARMING_UP;
import static org.envgate.gateway.uplink.UplinkState.CONNECTING;
import static org.envgate.gateway.uplink.UplinkState.OFFLINE;
import static org.envgate.gateway.uplink.UplinkState.ONLINE;
import static org.envgate.gateway.uplink.UplinkState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The gateway's state to the LED's pattern, and each pattern over time: the technicians' table. */
class LedPatternTest {

    @Test
    void onlineWithEverySensorAnsweringIsAllGood() {
        assertEquals(LedPattern.ALL_GOOD, LedPattern.of(ONLINE, List.of(OK, OK)));
        assertEquals(LedPattern.ALL_GOOD, LedPattern.of(ONLINE, List.of(OK, STARTING, WARMING_UP)));
    }

    @Test
    void withoutTheBrokerItIsBuffering() {
        assertEquals(LedPattern.BUFFERING, LedPattern.of(OFFLINE, List.of(OK)));
        assertEquals(LedPattern.BUFFERING, LedPattern.of(CONNECTING, List.of(OK, WARMING_UP)));
    }

    @Test
    void aSensorFaultOutranksBeingOffline() {
        for (var fault : List.of(NO_RESPONSE, SENSOR_ERROR, PORT_FAULT)) {
            assertEquals(LedPattern.SENSOR_FAULT, LedPattern.of(ONLINE, List.of(OK, fault)), fault.name());
            assertEquals(LedPattern.SENSOR_FAULT, LedPattern.of(OFFLINE, List.of(fault, OK)), fault.name());
        }
    }

    @Test
    void aStoppingGatewayIsDark() {
        assertEquals(LedPattern.OFF, LedPattern.of(STOPPED, List.of(OK)));
        assertEquals(LedPattern.OFF, LedPattern.of(STOPPED, List.of(NO_RESPONSE)));
    }

    @Test
    void eachPatternOverSixSeconds() {
        assertEquals("#######################.#######################.", levels(LedPattern.ALL_GOOD));
        assertEquals("########........########........########........", levels(LedPattern.BUFFERING));
        assertEquals("#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.", levels(LedPattern.SENSOR_FAULT));
        assertEquals("................................................", levels(LedPattern.OFF));
    }

    /** The LED every 125 ms for 6 s: # lit, . dark. */
    private static String levels(LedPattern pattern) {
        return LongStream.range(0, 48).mapToObj(i -> pattern.litAt(i * 125) ? "#" : ".").collect(Collectors.joining());
    }
}
