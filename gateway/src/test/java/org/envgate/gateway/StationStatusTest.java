package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.envgate.common.testing.TcpProxy;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.uplink.Uplink;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Location;
import org.envgate.wire.Quantity;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationDescription.SensorDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station's description, from the config to the retained status message on a real broker
 * (Moquette): the online message and the Last Will both carry it.
 */
class StationStatusTest {

    @TempDir
    Path dir;

    private GatewayConfig config(String url) throws Exception {
        return new GatewayConfigLoader(DriverRegistry.load()).parse("gw.yaml", """
                gateway:
                  id: dn-lienchieu-01
                  site: lien-chieu
                  location: {lat: 16.07, lon: 108.22, elevation: 7}
                storage: {path: %s}
                mqtt: {url: "%s"}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyUSB0}
                  - {id: co2, model: mhz19b, port: /dev/ttyUSB1}
                """.formatted(dir, url));
    }

    @Test
    void theConfigDescribesTheStation() throws Exception {
        StationDescription station = Gateway.station(config("tcp://broker.example:1883"));

        assertEquals(new StationDescription("lien-chieu", Optional.of(new Location(16.07, 108.22, OptionalDouble.of(7))),
                List.of(new SensorDescription("pm", "pms5003", List.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                                Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1)),
                        new SensorDescription("co2", "mhz19b", List.of(Quantity.CO2)))), station);
    }

    @Test
    void theOnlineStatusAndTheLastWillDescribeTheStation() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TcpProxy network = new TcpProxy(broker.port())) {
            GatewayConfig config = config(network.url());
            StationDescription station = Gateway.station(config);
            List<GatewayStatus> received = new ArrayList<>();
            MqttClient subscriber = new MqttClient(broker.url(), "test-status", new MemoryPersistence());
            subscriber.connect();
            subscriber.subscribe("envgate/dn-lienchieu-01/status", 1, (topic, message) -> {
                synchronized (received) {
                    received.add(GatewayStatus.fromJson(message.getPayload()));
                    received.notifyAll();
                }
            });
            GatewayHealth health = new GatewayHealth("dn-lienchieu-01", "test", OptionalLong.empty(), 0, 0, 0, 0, 0, 0,
                    0, 0, "unknown", 0, 0, List.of());
            try (ReadingBuffer buffer = ReadingBuffer.open(config.storage());
                 Uplink uplink = new Uplink(config.mqtt(), config.gatewayId(), buffer, "0.3.0", Clock.systemUTC(),
                         () -> health, station)) {
                uplink.start();
                GatewayStatus online = awaitStatus(received, 1);
                assertEquals(GatewayStatus.ONLINE, online.state());
                assertEquals(station, online.station());
                assertEquals("0.3.0", online.version());

                network.cut();
                GatewayStatus will = awaitStatus(received, 2);
                assertEquals(GatewayStatus.OFFLINE, will.state());
                assertEquals(station, will.station(), "a map still shows a station that is down");
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    private static GatewayStatus awaitStatus(List<GatewayStatus> received, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (received) {
            while (received.size() < count && System.nanoTime() < end) {
                received.wait(100);
            }
            assertTrue(received.size() >= count, "status messages: " + received);
            return received.get(count - 1);
        }
    }
}
