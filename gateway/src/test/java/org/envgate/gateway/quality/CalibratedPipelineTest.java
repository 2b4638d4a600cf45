package org.envgate.gateway.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Resolution;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A calibrated quantity through the real gateway: a PMS5003 twin on a pseudo-terminal, the
 * gateway's pollers, quality control and buffer. No broker answers, so what was read stays in
 * the buffer to be looked at.
 */
class CalibratedPipelineTest {

    private static final Resolution TENTH = Resolution.of("0.1");

    @TempDir
    Path storage;

    @Test
    void aCalibratedReadingArrivesInTheBufferWithItsRawValueAndWarmUpReadingsAreSentFlagged() throws Exception {
        List<TwinSample> sent = Collections.synchronizedList(new ArrayList<>());
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        try (PtyPair pty = PtyPair.start()) {
            GatewayConfig config = new GatewayConfigLoader(DriverRegistry.load()).parse("qc.yaml", """
                    gateway: {id: gw-qc}
                    storage: {path: %s}
                    mqtt: {url: "tcp://127.0.0.1:1", reconnect-max: 60s}
                    sensors:
                      - id: pm
                        model: pms5003
                        port: %s
                        interval: 300ms
                        warm-up: 1s
                        mode: passive
                        calibration:
                          pm2_5: {slope: 0.524, offset: 5.75, date: 2026-01-01, reference: "BAM-1020 beside it"}
                    """.formatted(storage, pty.b()));
            var twin = TwinProvider.all().get("pms5003").create(TwinOptions.defaults().withSeed(12));
            twin.addListener(sent::add);
            try (TwinServer server = TwinServer.serial(twin, pty.a(), SerialSettings.DEFAULT_9600_8N1);
                 Gateway gateway = Gateway.start(config, Clock.systemUTC(), taken::add)) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (pm25(taken).size() < 8 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                List<Reading> pm25 = pm25(taken);
                assertTrue(pm25.size() >= 8, "got " + pm25);
                Reading newest = pm25.get(pm25.size() - 1);
                while (!pm25(gateway.buffer().oldest(10_000).readings()).contains(newest) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                List<Reading> buffered = pm25(gateway.buffer().oldest(10_000).readings());
                assertEquals(pm25, buffered.subList(0, pm25.size()), "the buffer holds them as checked, raw values included");

                assertTrue(pm25.get(0).quality().tests().contains(QcTest.WARM_UP), "the first reading is of the warm-up");
                assertEquals(QcFlag.NOT_EVALUATED, pm25.get(0).quality().flag());
                assertFalse(newest.quality().tests().contains(QcTest.WARM_UP), newest.toString());
                List<TwinSample> twinSent = copy(sent);
                for (Reading r : pm25) {
                    assertTrue(r.quality().calibrated(), r.toString());
                    assertEquals(TENTH.round(0.524 * r.quality().raw() + 5.75), r.value(), r.toString());
                    assertTrue(twinSent.stream().anyMatch(s -> s.values().get(Quantity.PM2_5) == r.quality().raw()),
                            "raw is what the twin sent: " + r);
                }
                assertEquals(List.of(), copy(taken).stream().filter(r -> r.quantity() != Quantity.PM2_5)
                        .filter(r -> r.quality().calibrated()).toList(), "only pm2_5 is calibrated");
            }
        }
    }

    private static List<Reading> pm25(List<Reading> readings) {
        return copy(readings).stream().filter(r -> r.quantity() == Quantity.PM2_5).toList();
    }

    private static <T> List<T> copy(List<T> synchronizedList) {
        synchronized (synchronizedList) {
            return List.copyOf(synchronizedList);
        }
    }
}
