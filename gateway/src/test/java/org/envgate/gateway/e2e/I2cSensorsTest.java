package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import com.pi4j.context.Context;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.link.I2cPort;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.bme280.Bme280Twin;
import org.envgate.simulator.sht3x.Sht3xTwin;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BME280 and an SHT3x twin on the gateway's own mock I2C bus, read through the real config,
 * drivers, buffer and uplink, arrive at the broker as the samples the twins converted; a wedged
 * SHT3x is reset by its driver and comes back without a restart.
 */
class I2cSensorsTest {

    @TempDir
    Path storage;

    @Test
    void bothI2cSensorsArriveAtTheBrokerAsTheTwinsSentThemAndAWedgedOneComesBack() throws Exception {
        List<TwinSample> pressureAndAll = Collections.synchronizedList(new ArrayList<>());
        List<TwinSample> humidity = Collections.synchronizedList(new ArrayList<>());
        Bme280Twin bme280 = new Bme280Twin(TwinOptions.defaults().withSeed(11), ZoneId.systemDefault(), Clock.systemUTC());
        Sht3xTwin sht3x = new Sht3xTwin(TwinOptions.defaults().withSeed(12), ZoneId.systemDefault(), Clock.systemUTC());
        bme280.addListener(pressureAndAll::add);
        sht3x.addListener(humidity::add);
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             ReadingSubscriber subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID))) {
            String yaml = """
                    gateway: {id: %s}
                    storage: {path: %s}
                    mqtt: {url: "%s"}
                    gpio: {platform: mock}
                    sensors:
                      - {id: air, model: bme280, port: "i2c:1:0x76", interval: 300ms}
                      - {id: rh, model: sht3x, port: "i2c:1:0x44", interval: 300ms}
                    """.formatted(Station.GATEWAY_ID, storage, broker.url());
            try (Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), null)) {
                Context mock = gateway.gpio().orElseThrow();
                bme280.attach(mock, new I2cPort(1, 0x76));
                sht3x.attach(mock, new I2cPort(1, 0x44));

                assertTrue(subscriber.awaitReadings(readings -> count(readings, "air") >= 15 && count(readings, "rh") >= 10,
                        Duration.ofSeconds(30)), "readings: " + subscriber.readings());
                assertTrue(Station.assertSamplesWereSent(from(subscriber.readings(), "air"), snapshot(pressureAndAll)) >= 5);
                assertTrue(Station.assertSamplesWereSent(from(subscriber.readings(), "rh"), snapshot(humidity)) >= 5);
                assertEquals(List.of(), subscriber.problems());

                sht3x.faults().set(TwinFaults.Fault.STUCK, true);
                int sentBefore = humidity.size();
                assertTrue(Station.await(() -> humidity.size() >= sentBefore + 3, Duration.ofSeconds(10)),
                        "the driver's soft reset brought the wedged sensor back");
                assertEquals(SensorState.OK, gateway.sensors().get(1).state(), gateway.sensors().get(1).toString());
                assertTrue(gateway.sensors().get(1).faults() >= 1, gateway.sensors().get(1).toString());

                sht3x.faults().set(TwinFaults.Fault.SILENT, true);
                assertTrue(Station.await(() -> gateway.sensors().get(1).state() == SensorState.NO_RESPONSE, Duration.ofSeconds(10)),
                        gateway.sensors().get(1).toString());
                assertTrue(gateway.sensors().get(1).fault().contains("i2c:1:0x44"), gateway.sensors().get(1).fault());
                assertEquals(SensorState.OK, gateway.sensors().get(0).state(), "the BME280 on the same bus reads on");
            }
        }
    }

    private static long count(List<Reading> readings, String sensor) {
        return readings.stream().filter(r -> r.sensor().equals(sensor)).count();
    }

    private static List<Reading> from(List<Reading> readings, String sensor) {
        return readings.stream().filter(r -> r.sensor().equals(sensor)).toList();
    }

    private static List<TwinSample> snapshot(List<TwinSample> samples) {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
