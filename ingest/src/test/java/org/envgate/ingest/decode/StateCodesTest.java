package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.envgate.ingest.config.PackLimits;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;

/** States stored as numbers beside their text, and without the text for a store that keeps only numbers. */
class StateCodesTest {

    private static final long NOW = 1_767_225_600_000L;
    private static final PackLimits LIMITS = new PackLimits(256 * 1024, Duration.ofDays(90), Duration.ofMinutes(10));
    private static final GatewayHealth HEALTH = new GatewayHealth("gw", "0.3.0", OptionalLong.empty(), 60, 0, 0, 10, 0, 0,
            4096, 1_000_000, "unknown", 0, 0, List.of(
                    new GatewayHealth.SensorHealth("pm", "pms5003", "/dev/serial0", "warming_up", 0, "", Optional.empty()),
                    new GatewayHealth.SensorHealth("ph", "atlas-ph", "/dev/i2c-1", "port_fault", 2, "no such device",
                            Optional.empty()),
                    new GatewayHealth.SensorHealth("co2", "mhz19b", "/dev/ttyUSB0", "dozing", 0, "", Optional.empty())));

    @Test
    void theCodeTableIsTheDocumentedOne() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 9), List.of("ok", "starting", "warming_up", "no_response", "sensor_error",
                "port_fault", "a-state-of-a-newer-gateway").stream().map(StateCodes::sensor).toList());
        assertEquals(List.of(0, 1, 2, 9), List.of("synchronized", "unknown", "unsynchronized", "")
                .stream().map(StateCodes::clock).toList());
    }

    @Test
    void aStoreThatKeepsTextGetsTheCodeBesideTheText() {
        List<String> lines = decode(true, "envgate/gw/health", HEALTH.toJson());

        assertEquals(List.of("gateway_health,gateway=gw version=\"0.3.0\",uptime_s=60.0,backlog=0.0,oldest_unsent_age_s=0.0,"
                        + "sent=10.0,resent=0.0,dropped=0.0,storage_used_bytes=4096.0,disk_free_bytes=1000000.0,"
                        + "clock=\"unknown\",clock_code=1i,untimed=0.0,clock_jumps=0.0 " + NOW,
                "sensor_health,gateway=gw,sensor=pm model=\"pms5003\",port=\"/dev/serial0\",state=\"warming_up\","
                        + "state_code=2i,faults=0.0 " + NOW,
                "sensor_health,gateway=gw,sensor=ph model=\"atlas-ph\",port=\"/dev/i2c-1\",state=\"port_fault\","
                        + "state_code=5i,faults=2.0,fault=\"no such device\" " + NOW,
                "sensor_health,gateway=gw,sensor=co2 model=\"mhz19b\",port=\"/dev/ttyUSB0\",state=\"dozing\","
                        + "state_code=9i,faults=0.0 " + NOW), lines);
    }

    @Test
    void aStoreThatKeepsOnlyNumbersGetsNoTextFieldsAtAll() {
        assertEquals(List.of("gateway_health,gateway=gw uptime_s=60.0,backlog=0.0,oldest_unsent_age_s=0.0,"
                        + "sent=10.0,resent=0.0,dropped=0.0,storage_used_bytes=4096.0,disk_free_bytes=1000000.0,"
                        + "clock_code=1i,untimed=0.0,clock_jumps=0.0 " + NOW,
                "sensor_health,gateway=gw,sensor=pm state_code=2i,faults=0.0 " + NOW,
                "sensor_health,gateway=gw,sensor=ph state_code=5i,faults=2.0 " + NOW,
                "sensor_health,gateway=gw,sensor=co2 state_code=9i,faults=0.0 " + NOW),
                decode(false, "envgate/gw/health", HEALTH.toJson()));
        assertEquals(List.of("gateway_status,gateway=gw online=0.0 " + NOW), decode(false, "envgate/gw/status",
                new GatewayStatus(GatewayStatus.OFFLINE, "gw", "0.3.0", NOW).toJson()));
        assertEquals(List.of("pm2_5,gateway=gw,sensor=pm value=95.0,qc=3i,qc_spike=1i " + (NOW - 1000)),
                decode(false, "envgate/gw/readings", SenmlCodec.encode("gw", List.of(new Reading("pm", Quantity.PM2_5, 95,
                        NOW - 1000, new Quality(QcFlag.SUSPECT, java.util.Set.of(QcTest.SPIKE), Double.NaN))))));
    }

    private static List<String> decode(boolean textFields, String topic, byte[] payload) {
        PackDecoder decoder = new PackDecoder("envgate", LIMITS, new Stations(Map.of()), textFields);
        return assertInstanceOf(Decoded.Points.class, decoder.decode(topic, payload, NOW)).lines();
    }
}
