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
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.testing.ReadingSubscriber;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.simulator.modbus.ModbusBusTwin;
import org.envgate.simulator.modbus.ModbusSlaveTwin;
import org.envgate.simulator.modbus.ModbusTcpTwin;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sonde with eight registers in two blocks, read by the real gateway and delivered through the
 * broker: over RS-485 behind a serial device server and over Modbus TCP, each read two requests
 * on the twin's count, not eight.
 */
class ModbusBlocksEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Four holding registers, then four input registers: two blocks. */
    private static final String HOLDING = "{function: 3, register: 0, type: int16, scale: 0.01, quantity: ph, min: 0, max: 14}, "
            + "{function: 3, register: 1, type: int16, scale: 0.1, quantity: temperature, min: 0, max: 40}, "
            + "{function: 3, register: 2, type: int16, quantity: orp, min: -500, max: 500}, "
            + "{function: 3, register: 3, scale: 0.01, quantity: salinity, min: 0, max: 40}";
    private static final String INPUT = "{function: 4, register: 0x10, quantity: conductivity, min: 0, max: 2000}, "
            + "{function: 4, register: 0x11, scale: 0.01, quantity: dissolved_oxygen, min: 0, max: 20}, "
            + "{function: 4, register: 0x12, quantity: tds, min: 0, max: 1000}, "
            + "{function: 4, register: 0x13, type: int16, scale: 0.001, quantity: water_level, min: 0, max: 5}";
    private static final String EIGHT = "[" + HOLDING + ", " + INPUT + "]";

    @TempDir
    Path storage;

    private EmbeddedBroker broker;
    private ReadingSubscriber subscriber;
    private final List<TwinSample> sent = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start(0);
        subscriber = new ReadingSubscriber(broker.url(), new Topics("envgate", Station.GATEWAY_ID));
    }

    @AfterEach
    void stop() throws Exception {
        subscriber.close();
        broker.close();
    }

    /** The sonde at slave 1 with {@code registers}, as the gateway reads it. */
    private ModbusSlaveTwin sonde(String registers) {
        SensorTwin twin = TwinProvider.all().get("modbus").create(TwinOptions.defaults(),
                Map.of("address", "1", "registers", registers));
        twin.addListener(sent::add);
        return (ModbusSlaveTwin) twin;
    }

    private String yaml(String port, String addressing, String registers) {
        return """
                gateway: {id: %s}
                storage: {path: %s}
                mqtt: {url: "%s"}
                sensors:
                  - {id: sonde, model: modbus, port: "%s", interval: 200ms, warm-up: 0s, %s, registers: %s}
                """.formatted(Station.GATEWAY_ID, storage, broker.url(), port, addressing, registers);
    }

    private void readsEightRegistersInTwoRequests(String port, String addressing, LongSupplier requests) throws Exception {
        List<Reading> taken = Collections.synchronizedList(new ArrayList<>());
        try (Gateway gateway = Gateway.start(Station.load(yaml(port, addressing, EIGHT)), Clock.systemUTC(), taken::add)) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 5 * 8, WAIT), "got " + subscriber.readings().size());
        }
        Set<Long> samples;
        synchronized (taken) {
            samples = taken.stream().map(Reading::timeMillis).collect(Collectors.toSet());
        }
        long asked = requests.getAsLong();
        assertTrue(asked >= 2L * samples.size() && asked <= 2L * samples.size() + 2,
                asked + " requests for " + samples.size() + " reads");
        assertEquals(Set.of(Quantity.PH, Quantity.TEMPERATURE, Quantity.ORP, Quantity.SALINITY, Quantity.CONDUCTIVITY,
                Quantity.DISSOLVED_OXYGEN, Quantity.TDS, Quantity.WATER_LEVEL),
                subscriber.readings().stream().map(Reading::quantity).collect(Collectors.toSet()));
        // Each block's answer is one sample of the twin's; a delivered value is one the twin sent for its quantity.
        for (Reading r : subscriber.readings()) {
            assertTrue(sent.stream().anyMatch(s -> Double.valueOf(r.value()).equals(s.values().get(r.quantity()))),
                    r + " was sent by the twin");
        }
    }

    @Test
    void overRs485BehindADeviceServer() throws Exception {
        ModbusBusTwin bus = new ModbusBusTwin(List.of(sonde(EIGHT)));
        try (TwinServer server = TwinServer.tcp(bus, "127.0.0.1", 0)) {
            readsEightRegistersInTwoRequests(server.gatewayPort(), "address: 1", bus::requests);
        }
    }

    @Test
    void overModbusTcp() throws Exception {
        ModbusTcpTwin device = new ModbusTcpTwin(List.of(sonde(EIGHT)));
        try (TwinServer server = TwinServer.tcp(device, "127.0.0.1", 0)) {
            readsEightRegistersInTwoRequests(server.gatewayPort().replace("tcp://", "modbus-tcp://"), "unit-id: 1",
                    device::requests);
        }
    }

    /** The sonde lacks the input registers: the holding registers' values are delivered, the rest named as missing. */
    @Test
    void aRefusedBlockLeavesTheOtherValuesReportedAndTheSensorInError() throws Exception {
        ModbusTcpTwin device = new ModbusTcpTwin(List.of(sonde("[" + HOLDING + "]")));
        try (TwinServer server = TwinServer.tcp(device, "127.0.0.1", 0);
             Gateway gateway = Gateway.start(Station.load(yaml(server.gatewayPort().replace("tcp://", "modbus-tcp://"),
                     "unit-id: 1", EIGHT)), Clock.systemUTC(), r -> { })) {
            assertTrue(subscriber.awaitReadings(r -> r.size() >= 3 * 4, WAIT), "got " + subscriber.readings().size());
            SensorStatus sonde = gateway.sensors().get(0);
            assertEquals(SensorState.SENSOR_ERROR, sonde.state());
            assertTrue(sonde.fault().startsWith("sensor sonde: conductivity, dissolved_oxygen, tds, water_level not read, "
                    + "the other values are reported: modbus-tcp://127.0.0.1:"), sonde.fault());
            assertTrue(sonde.fault().endsWith(": unit 1: read input registers 0x0010 (4) for conductivity, dissolved_oxygen, "
                    + "tds, water_level: exception 02 ILLEGAL DATA ADDRESS (function 04)"), sonde.fault());
            assertEquals(Set.of(Quantity.PH, Quantity.TEMPERATURE, Quantity.ORP, Quantity.SALINITY),
                    subscriber.readings().stream().map(Reading::quantity).collect(Collectors.toSet()));
        }
    }
}
