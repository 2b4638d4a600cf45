package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults.Fault;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twins switched into the faults their real sensors show, one gateway reading them all: each
 * fault is named in the sensor's state, counted, never delivered as a reading, and the sensor
 * reports again once the fault clears.
 */
class SensorFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path storage;

    @Test
    void faultsAreNamedCountedNeverReportedAndClear() throws Exception {
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        Map<String, TwinProvider> twins = TwinProvider.all();
        SensorTwin co2 = twins.get("mhz19b").create(TwinOptions.defaults());
        SensorTwin s8 = twins.get("senseair-s8").create(TwinOptions.defaults());
        SensorTwin sonde = twins.get("modbus").create(TwinOptions.defaults());
        SensorTwin pm = twins.get("pms5003").create(TwinOptions.defaults());
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer co2Server = TwinServer.tcp(co2, "127.0.0.1", 0);
             TwinServer s8Server = TwinServer.tcp(s8, "127.0.0.1", 0);
             TwinServer sondeServer = TwinServer.tcp(sonde, "127.0.0.1", 0);
             TwinServer pmServer = TwinServer.tcp(pm, "127.0.0.1", 0)) {
            StringBuilder sondeOptions = new StringBuilder();
            twins.get("modbus").demoSensorOptions().forEach((k, v) -> sondeOptions.append(", ").append(k).append(": ").append(v));
            String yaml = """
                    gateway: {id: %s}
                    storage: {path: %s}
                    mqtt: {url: "%s"}
                    sensors:
                      - {id: co2, model: mhz19b, port: "%s", interval: 300ms, warm-up: 0s}
                      - {id: s8, model: senseair-s8, port: "%s", interval: 300ms, warm-up: 0s}
                      - {id: sonde, model: modbus, port: "%s", interval: 300ms, warm-up: 0s%s}
                      - {id: pm, model: pms5003, port: "%s", interval: 300ms, warm-up: 0s, mode: passive}
                    """.formatted(Station.GATEWAY_ID, storage, broker.url(), co2Server.gatewayPort(), s8Server.gatewayPort(),
                    sondeServer.gatewayPort(), sondeOptions, pmServer.gatewayPort());
            try (Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), taken::add)) {
                assertTrue(Station.await(() -> gateway.sensors().stream().allMatch(s -> s.state() == SensorState.OK), WAIT),
                        "all report first: " + gateway.sensors());

                co2.faults().set(Fault.OUT_OF_RANGE, true);
                s8.faults().set(Fault.OUT_OF_RANGE, true);
                sonde.faults().set(Fault.ERROR_RESPONSE, true);
                pm.faults().set(Fault.SILENT, true);
                assertTrue(Station.await(() -> state(gateway, "co2") == SensorState.SENSOR_ERROR
                        && state(gateway, "s8") == SensorState.SENSOR_ERROR
                        && state(gateway, "sonde") == SensorState.SENSOR_ERROR
                        && state(gateway, "pm") == SensorState.NO_RESPONSE, WAIT), "faults seen: " + gateway.sensors());
                int takenInFault = taken.size();
                Thread.sleep(1500);
                assertEquals(takenInFault, taken.size(), "nothing is reported from a faulty sensor: "
                        + taken.subList(takenInFault, taken.size()));
                assertTrue(status(gateway, "co2").fault().contains("5600"), status(gateway, "co2").fault());
                assertTrue(status(gateway, "sonde").fault().contains("SLAVE DEVICE FAILURE"), status(gateway, "sonde").fault());
                for (SensorStatus s : gateway.sensors()) {
                    assertTrue(s.faults() >= 3, s.id() + " counts its faults: " + s.faults());
                }

                co2.faults().set(Fault.OUT_OF_RANGE, false);
                s8.faults().set(Fault.OUT_OF_RANGE, false);
                sonde.faults().set(Fault.ERROR_RESPONSE, false);
                pm.faults().set(Fault.SILENT, false);
                assertTrue(Station.await(() -> gateway.sensors().stream().allMatch(s -> s.state() == SensorState.OK), WAIT),
                        "all report again: " + gateway.sensors());
            }
        }
        synchronized (taken) {
            for (Reading r : taken) {
                assertTrue(r.value() <= 5000 || !r.quantity().id().equals("co2"), "no impossible CO2 value: " + r);
            }
        }
    }

    @Test
    void anOutOfRangePms7003ValueWithAGoodChecksumIsASensorErrorNeverAReading() throws Exception {
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        SensorTwin pm = TwinProvider.all().get("pms5003").create(TwinOptions.defaults());
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             TwinServer pmServer = TwinServer.tcp(pm, "127.0.0.1", 0)) {
            String yaml = """
                    gateway: {id: %s}
                    storage: {path: %s}
                    mqtt: {url: "%s"}
                    sensors:
                      - {id: pm, model: pms7003, port: "%s", interval: 300ms, warm-up: 0s, mode: passive}
                    """.formatted(Station.GATEWAY_ID, storage, broker.url(), pmServer.gatewayPort());
            try (Gateway gateway = Gateway.start(Station.load(yaml), Clock.systemUTC(), taken::add)) {
                assertTrue(Station.await(() -> state(gateway, "pm") == SensorState.OK, WAIT), "reports first: " + gateway.sensors());

                pm.faults().set(Fault.OUT_OF_RANGE, true);
                assertTrue(Station.await(() -> state(gateway, "pm") == SensorState.SENSOR_ERROR, WAIT),
                        "out of range seen: " + gateway.sensors());
                int takenInFault = taken.size();
                Thread.sleep(1500);
                assertEquals(takenInFault, taken.size(), "nothing is reported: " + taken.subList(takenInFault, taken.size()));
                String fault = status(gateway, "pm").fault();
                assertTrue(fault.contains("sensor pm on " + pmServer.gatewayPort() + ": pm2_5 = 65341 ug/m3 is outside "
                        + "the pms7003's range (0 to 1000 ug/m3)"), fault);
                assertTrue(status(gateway, "pm").faults() >= 3, "counted: " + status(gateway, "pm").faults());

                pm.faults().set(Fault.OUT_OF_RANGE, false);
                assertTrue(Station.await(() -> state(gateway, "pm") == SensorState.OK, WAIT), "reports again: " + gateway.sensors());
            }
        }
        synchronized (taken) {
            for (Reading r : taken) {
                assertTrue(r.value() <= 1000, "no impossible PM value: " + r);
            }
        }
    }

    private static SensorStatus status(Gateway gateway, String id) {
        return gateway.sensors().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static SensorState state(Gateway gateway, String id) {
        return status(gateway, id).state();
    }
}
