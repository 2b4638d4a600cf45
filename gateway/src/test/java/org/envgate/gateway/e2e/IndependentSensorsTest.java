package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A silent sensor and a missing one on the same gateway do not hold up a healthy one. */
class IndependentSensorsTest {

    @TempDir
    Path storage;

    @Test
    void aSilentAndAMissingSensorNeverDelayAHealthyOne() throws Exception {
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer healthy = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()), "127.0.0.1", 0);
             ServerSocket silentServer = new ServerSocket(0)) {
            // Accepts the connection and never says a word: each passive read waits for its timeout.
            Thread accept = new Thread(() -> {
                try (Socket ignored = silentServer.accept()) {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (Exception stopped) {
                    // the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            String yaml = """
                    gateway: {id: %s}
                    storage: {path: %s}
                    mqtt: {url: "%s"}
                    sensors:
                      - {id: healthy, model: pms5003, port: "%s", interval: 200ms, warm-up: 0s, mode: passive}
                      - {id: silent, model: pms5003, port: "tcp://127.0.0.1:%d", interval: 200ms, warm-up: 0s, mode: passive}
                      - {id: missing, model: pms5003, port: /dev/envgate-no-such-port, interval: 200ms, warm-up: 0s}
                    """.formatted(Station.GATEWAY_ID, storage, broker.url(), healthy.gatewayPort(), silentServer.getLocalPort());
            try (Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), taken::add)) {
                assertTrue(Station.await(() -> gateway.sensors().get(1).state() == SensorState.NO_RESPONSE, Duration.ofSeconds(30)),
                        "silent: " + gateway.sensors().get(1));
                int before = countFrom("healthy", taken);
                Thread.sleep(3000);
                int during = countFrom("healthy", taken) - before;
                // 15 reads of 3 values in 3 s at 200 ms; a healthy sensor held up by the silent one
                // (2 s timeout per read) would manage about 2.
                assertTrue(during >= 3 * 10, "healthy sensor kept its pace: " + during + " readings in 3 s");

                List<SensorStatus> sensors = gateway.sensors();
                assertEquals(SensorState.OK, sensors.get(0).state());
                assertEquals(SensorState.NO_RESPONSE, sensors.get(1).state());
                assertTrue(sensors.get(1).fault().contains("tcp://127.0.0.1:" + silentServer.getLocalPort()), sensors.get(1).fault());
                assertEquals(SensorState.PORT_FAULT, sensors.get(2).state());
                assertTrue(sensors.get(2).fault().contains("/dev/envgate-no-such-port"), sensors.get(2).fault());
                assertEquals(0, countFrom("silent", taken) + countFrom("missing", taken));
            }
        }
    }

    private static int countFrom(String sensor, List<Reading> taken) {
        synchronized (taken) {
            return (int) taken.stream().filter(r -> r.sensor().equals(sensor)).count();
        }
    }
}
