package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Decoders of what arrives from the network, fed any bytes: each must return or throw its own
 * checked exception, in bounded time, and what it accepts must survive a round trip.
 */
class WireFuzzTest {

    private static final long NOW = 1_795_877_531_630L;
    private static final long RELATIVE_TIME_LIMIT_MILLIS = (1L << 28) * 1000;

    @FuzzTest
    void senmlPack(byte[] pack) throws SenmlException {
        List<Reading> readings;
        try {
            readings = SenmlCodec.decodeReadings("gw", pack, NOW);
        } catch (SenmlException refused) {
            return;
        }
        if (readings.stream().allMatch(r -> r.timeMillis() >= RELATIVE_TIME_LIMIT_MILLIS)) {
            assertEquals(readings, SenmlCodec.decodeReadings("gw", SenmlCodec.encode("gw", readings), NOW));
        }
    }

    @FuzzTest
    void aggregatesPack(byte[] pack) throws SenmlException {
        Aggregates aggregates;
        try {
            aggregates = AggregateCodec.decode("gw", pack, NOW);
        } catch (SenmlException refused) {
            return;
        }
        assertEquals(aggregates, AggregateCodec.decode("gw", AggregateCodec.encode("gw", aggregates), NOW));
    }

    @FuzzTest
    void statusAndHealth(byte[] message) throws JsonException {
        try {
            GatewayHealth health = GatewayHealth.receive(message).health();
            assertEquals(health, GatewayHealth.fromJson(health.toJson()));
        } catch (JsonException refused) {
            // the common case: most bytes are not a health report
        }
        try {
            GatewayStatus status = GatewayStatus.receive(message).status();
            assertEquals(status, GatewayStatus.fromJson(status.toJson()));
        } catch (JsonException refused) {
            // likewise
        }
    }

    @FuzzTest
    void alertEvent(byte[] message) throws JsonException {
        AlertEvent event;
        try {
            event = AlertEvent.receive(message).event();
        } catch (JsonException refused) {
            return;
        }
        assertEquals(event, AlertEvent.fromJson(event.toJson()));
    }
}
