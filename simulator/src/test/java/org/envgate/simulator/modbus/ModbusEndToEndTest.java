package org.envgate.simulator.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.PartialReadException;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.ValueOutOfRangeException;
import org.envgate.drivers.modbus.ModbusDriverProvider;
import org.envgate.drivers.modbus.ModbusExceptionResponse;
import org.envgate.drivers.senseairs8.S8StatusException;
import org.envgate.drivers.senseairs8.SenseairS8DriverProvider;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults.Fault;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.PtyPair;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real drivers against the twins over a pseudo-terminal pair, as on a serial port. */
class ModbusEndToEndTest {

    private PtyPair pty;
    private final List<TwinSample> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void plugIn() throws IOException {
        pty = PtyPair.start();
    }

    @AfterEach
    void unplug() throws IOException {
        pty.close();
    }

    private TwinServer serve(SensorTwin twin) throws IOException {
        twin.addListener(heard::add);
        return TwinServer.serial(twin, pty.b(), SerialSettings.DEFAULT_9600_8N1);
    }

    private SensorDriver s8() throws IOException {
        SensorDriver driver = new SenseairS8DriverProvider().create(
                new SensorSpec("co2", pty.a(), SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of()));
        driver.open(DriverContext.DIRECT);
        return driver;
    }

    private SensorDriver sonde(DriverContext context, int address) throws IOException {
        SensorDriver driver = RangeCheckedDriver.create(new ModbusDriverProvider(), new SensorSpec("sonde-" + address, pty.a(),
                SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(sondeOptions(address)));
        driver.open(context);
        return driver;
    }

    /** The demo map with ranges, a trigger and a short response timeout. */
    private static Map<String, Object> sondeOptions(int address) {
        return Map.of("address", String.valueOf(address), "response-timeout", "300ms",
                "trigger-register", "0x20", "settle", "50ms",
                "registers", List.of(
                        Map.of("function", "3", "register", "0", "type", "int16", "scale", "0.01", "quantity", "ph",
                                "min", "0", "max", "14"),
                        Map.of("function", "3", "register", "1", "type", "int16", "scale", "0.1", "quantity", "temperature",
                                "min", "-5", "max", "50"),
                        Map.of("function", "4", "register", "16", "type", "float32", "order", "cdab",
                                "quantity", "conductivity", "min", "0", "max", "200000"),
                        Map.of("function", "4", "register", "0x12", "type", "uint16", "scale", "0.01",
                                "quantity", "dissolved_oxygen", "min", "0", "max", "20")));
    }

    /** The value the twin last reported for {@code quantity}. */
    private double lastHeard(Quantity quantity) {
        for (int i = heard.size() - 1; i >= 0; i--) {
            Double value = heard.get(i).values().get(quantity);
            if (value != null) {
                return value;
            }
        }
        throw new AssertionError("the twin reported no " + quantity);
    }

    @Test
    void s8ReadsMatchWhatTheTwinSentAndEveryFaultIsNamed() throws Exception {
        SenseairS8Twin twin = new SenseairS8Twin(TwinOptions.defaults());
        try (TwinServer server = serve(twin); SensorDriver driver = s8()) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                assertEquals(List.of(new Measurement(Quantity.CO2, lastHeard(Quantity.CO2))), values);
            }

            twin.faults().set(Fault.STUCK, true);
            double stuck = driver.read().get(0).value();
            assertEquals(stuck, driver.read().get(0).value(), "a stuck sensor repeats itself");
            twin.faults().set(Fault.STUCK, false);

            twin.faults().set(Fault.OUT_OF_RANGE, true);
            S8StatusException status = assertThrows(S8StatusException.class, driver::read);
            assertEquals(pty.a() + ": S8 (any address) reports meter status 0x0020: out of range", status.getMessage());
            twin.faults().set(Fault.OUT_OF_RANGE, false);

            twin.faults().set(Fault.ERROR_RESPONSE, true);
            ModbusExceptionResponse refused = assertThrows(ModbusExceptionResponse.class, driver::read);
            assertEquals(pty.a() + ": slave 0xfe (any address): read input registers 0x0000 (1): exception 04 SLAVE "
                    + "DEVICE FAILURE (function 04)", refused.getMessage());
            twin.faults().set(Fault.ERROR_RESPONSE, false);

            twin.faults().set(Fault.SILENT, true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith(pty.a() + ": slave 0xfe (any address): read input registers "
                    + "0x0000 (1): no answer within 500 ms"), silent.getMessage());
            twin.faults().set(Fault.SILENT, false);

            double again = driver.read().get(0).value();
            assertEquals(lastHeard(Quantity.CO2), again, "answering again");
        }
    }

    @Test
    void corruptAndTornAnswersAreNeverTakenForValues() throws Exception {
        try (TwinServer server = serve(new SenseairS8Twin(TwinOptions.defaults().withFaults(0, 1, 0)));
             SensorDriver driver = s8()) {
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().startsWith(pty.a() + ": slave 0xfe (any address): read input registers 0x0000 (1): "
                    + "CRC mismatch, computed 0x"), e.getMessage());
            assertInstanceOf(ChecksumMismatchException.class, e.getCause());
            assertEquals(1, driver.counters().checksumErrors());
        }
        try (TwinServer server = serve(new SenseairS8Twin(TwinOptions.defaults().withFaults(0, 0, 1)));
             SensorDriver driver = s8()) {
            SensorTimeoutException e = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(e.getMessage().contains(": torn answer, "), e.getMessage());
        }
    }

    @Test
    void sondeReadsMatchWhatTheTwinSentAndFaultsAreNamed() throws Exception {
        ModbusSondeTwin twin = new ModbusSondeTwin(TwinOptions.defaults());
        try (TwinServer server = serve(twin); SensorDriver driver = sonde(DriverContext.DIRECT, 1)) {
            for (int i = 0; i < 3; i++) {
                List<Measurement> values = driver.read();
                assertEquals(4, values.size());
                for (Measurement m : values) {
                    assertEquals(lastHeard(m.quantity()), m.value(), 1e-9, m.quantity().id());
                }
            }
            assertEquals(3, twin.triggers(), "a trigger before every read");
            assertEquals("ph,temperature,conductivity,dissolved_oxygen", String.join(",", driver.read().stream()
                    .map(m -> m.quantity().id()).toList()));

            twin.faults().set(Fault.OUT_OF_RANGE, true);
            ValueOutOfRangeException range = assertThrows(ValueOutOfRangeException.class, driver::read);
            assertEquals("sensor sonde-1 on " + pty.a() + ": ph = 15.5 pH is outside the modbus's range (0 to 14 pH); "
                    + "the sample is not reported", range.getMessage());
            twin.faults().set(Fault.OUT_OF_RANGE, false);

            twin.faults().set(Fault.ERROR_RESPONSE, true);
            ModbusExceptionResponse refused = assertThrows(ModbusExceptionResponse.class, driver::read);
            assertEquals(pty.a() + ": slave 1: write register 0x0020 = 1: exception 04 SLAVE DEVICE FAILURE (function 06)",
                    refused.getMessage());
            twin.faults().set(Fault.ERROR_RESPONSE, false);

            twin.faults().set(Fault.SILENT, true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith(pty.a() + ": slave 1: write register 0x0020 = 1: no answer "
                    + "within 300 ms"), silent.getMessage());
        }
    }

    /** A sonde with eight single-register values, four holding and four input registers. */
    private static final List<SondeRegister> EIGHT = List.of(
            new SondeRegister(3, 0, RegisterType.INT16, RegisterOrder.ABCD, 0.01, 0, Quantity.PH,
                    new DailySignal(7.2, 0.2, 15, 0.05), 15.5),
            new SondeRegister(3, 1, RegisterType.INT16, RegisterOrder.ABCD, 0.1, 0, Quantity.TEMPERATURE,
                    new DailySignal(28, 1, 15, 0.1), -60),
            new SondeRegister(3, 2, RegisterType.INT16, RegisterOrder.ABCD, 1, 0, Quantity.ORP,
                    new DailySignal(180, 20, 15, 2), 3000),
            new SondeRegister(3, 3, RegisterType.UINT16, RegisterOrder.ABCD, 0.01, 0, Quantity.SALINITY,
                    new DailySignal(0.3, 0.05, 15, 0.01), 500),
            new SondeRegister(4, 0x10, RegisterType.UINT16, RegisterOrder.ABCD, 1, 0, Quantity.CONDUCTIVITY,
                    new DailySignal(420, 15, 6, 8), 65000),
            new SondeRegister(4, 0x11, RegisterType.UINT16, RegisterOrder.ABCD, 0.01, 0, Quantity.DISSOLVED_OXYGEN,
                    new DailySignal(6.5, 1, 15, 0.2), 300),
            new SondeRegister(4, 0x12, RegisterType.UINT16, RegisterOrder.ABCD, 1, 0, Quantity.TDS,
                    new DailySignal(210, 8, 6, 4), 65000),
            new SondeRegister(4, 0x13, RegisterType.INT16, RegisterOrder.ABCD, 0.001, 0, Quantity.WATER_LEVEL,
                    new DailySignal(1.2, 0.3, 12, 0.01), 30));

    /** The gateway's register map for {@code map}, with {@code extra} sensor options. */
    private static Map<String, Object> readAs(List<SondeRegister> map, String... extra) {
        Map<String, Object> options = new java.util.HashMap<>();
        options.put("address", "1");
        options.put("response-timeout", "300ms");
        options.put("registers", map.stream().map(r -> Map.of("function", String.valueOf(r.function()),
                "register", String.valueOf(r.register()), "type", r.type().name().toLowerCase(java.util.Locale.ROOT),
                "scale", String.valueOf(r.scale()), "quantity", r.quantity().id())).toList());
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    private SensorDriver open(Map<String, Object> options) throws IOException {
        SensorDriver driver = RangeCheckedDriver.create(new ModbusDriverProvider(), new SensorSpec("sonde", pty.a(),
                SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(options));
        driver.open(DriverContext.DIRECT);
        return driver;
    }

    /** Issue 16: eight registers in two blocks are two requests per read, not eight, with the same values. */
    @Test
    void eightRegistersInTwoBlocksAreReadInTwoRequests() throws Exception {
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 1, EIGHT, java.time.ZoneOffset.UTC);
        ModbusBusTwin bus = new ModbusBusTwin(List.of(sonde));
        try (TwinServer server = serve(bus)) {
            try (SensorDriver blocks = open(readAs(EIGHT))) {
                for (int i = 0; i < 3; i++) {
                    long before = bus.requests();
                    List<Measurement> values = blocks.read();
                    assertEquals(2, bus.requests() - before, "requests for one read");
                    assertEquals(EIGHT.stream().map(SondeRegister::quantity).toList(),
                            values.stream().map(Measurement::quantity).toList());
                    for (Measurement m : values) {
                        assertEquals(lastHeard(m.quantity()), m.value(), 1e-9, m.quantity().id());
                    }
                }
            }
            try (SensorDriver oneByOne = open(readAs(EIGHT, "max-registers-per-request", "1"))) {
                long before = bus.requests();
                assertEquals(8, oneByOne.read().size());
                assertEquals(8, bus.requests() - before, "a device that takes one register per request");
            }
            assertEquals(bus.requests(), sonde.requests());
        }
    }

    /** A pump's contactor on a coil and a float switch on a discrete input, beside a register, read as 0/1. */
    @Test
    void coilsAndDiscreteInputsAreServedAndReadAsBits() throws Exception {
        List<SondeRegister> station = List.of(EIGHT.get(0),
                new SondeRegister(1, 5, RegisterType.COIL, RegisterOrder.ABCD, 1, 0, Quantity.FLOW,
                        new DailySignal(1, 0, 12, 0), 0),
                new SondeRegister(2, 0, RegisterType.DISCRETE_INPUT, RegisterOrder.ABCD, 2.5, 0, Quantity.WATER_LEVEL,
                        new DailySignal(0, 0, 12, 0), 0));
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 1, station, java.time.ZoneOffset.UTC);
        Map<String, Object> options = new java.util.HashMap<>(readAs(List.of(EIGHT.get(0))));
        options.put("registers", List.of(((List<?>) options.get("registers")).get(0),
                Map.of("type", "coil", "register", "5", "quantity", "flow", "max", "1"),
                Map.of("type", "discrete-input", "register", "0", "scale", "2.5", "quantity", "water_level")));
        try (TwinServer server = serve(sonde); SensorDriver driver = open(options)) {
            List<Measurement> values = driver.read();
            assertEquals(List.of(Quantity.PH, Quantity.FLOW, Quantity.WATER_LEVEL),
                    values.stream().map(Measurement::quantity).toList());
            assertEquals(1, values.get(1).value(), "the pump runs");
            assertEquals(0, values.get(2).value(), "the float is down");
            assertEquals(3, sonde.requests(), "one read per table");
        }
    }

    /** A sonde busy measuring for 200 ms after its trigger: read at once it refuses; after a settle of 400 ms it answers. */
    @Test
    void theSettleTimeLetsASondeFinishMeasuringBeforeItIsRead() throws Exception {
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 1, EIGHT.subList(0, 4), java.time.ZoneOffset.UTC);
        sonde.measuresFor(200);
        List<SondeRegister> holding = EIGHT.subList(0, 4);
        try (TwinServer server = serve(sonde)) {
            try (SensorDriver hasty = open(readAs(holding, "trigger-register", "0x20", "settle", "0s"))) {
                ModbusExceptionResponse busy = assertThrows(ModbusExceptionResponse.class, hasty::read);
                assertEquals(pty.a() + ": slave 1: read holding registers 0x0000 (4) for ph, temperature, orp, salinity: "
                        + "exception 06 SLAVE DEVICE BUSY (function 03)", busy.getMessage());
            }
            try (SensorDriver patient = open(readAs(holding, "trigger-register", "0x20", "settle", "400ms"))) {
                assertEquals(4, patient.read().size());
                assertEquals(4, patient.read().size());
            }
            assertEquals(3, sonde.triggers());
        }
    }

    /** A refused block costs its own values only; the rest of the sample is read and reported. */
    @Test
    void aBlockTheSondeRefusesIsNamedAndTheOtherBlockStillReports() throws Exception {
        List<SondeRegister> lacking = EIGHT.subList(0, 4);
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 1, lacking, java.time.ZoneOffset.UTC);
        try (TwinServer server = serve(sonde); SensorDriver driver = open(readAs(EIGHT))) {
            PartialReadException e = assertThrows(PartialReadException.class, driver::read);
            assertEquals("sensor sonde: conductivity, dissolved_oxygen, tds, water_level not read, the other values are "
                    + "reported: " + pty.a() + ": slave 1: read input registers 0x0010 (4) for conductivity, "
                    + "dissolved_oxygen, tds, water_level: exception 02 ILLEGAL DATA ADDRESS (function 04)", e.getMessage());
            assertEquals(List.of(Quantity.PH, Quantity.TEMPERATURE, Quantity.ORP, Quantity.SALINITY),
                    e.read().stream().map(Measurement::quantity).toList());
        }
    }

    /** A sonde that refuses to read its unused registers is read around the gap after one refusal. */
    @Test
    void aGapTheSondeRefusesIsReadAroundFromThenOn() throws Exception {
        List<SondeRegister> gapped = List.of(EIGHT.get(0), EIGHT.get(2));
        ModbusSondeTwin sonde = new ModbusSondeTwin(TwinOptions.defaults(), 1, gapped, java.time.ZoneOffset.UTC);
        try (TwinServer server = serve(sonde); SensorDriver driver = open(readAs(gapped))) {
            assertEquals(2, driver.read().size());
            assertEquals(3, sonde.requests(), "one refused block, then two");
            assertEquals(2, driver.read().size());
            assertEquals(5, sonde.requests());
        }
    }

    /**
     * Three sondes and an S8 on one line, read in turn over one link as the gateway's shared port
     * does; slave 2 is dead. Its reads end at its own timeout, and the others keep answering.
     */
    @Test
    void aDeadSlaveOnASharedBusDoesNotStopTheOthers() throws Exception {
        ModbusSondeTwin one = new ModbusSondeTwin(TwinOptions.defaults().withSeed(1), 1, ModbusSondeTwin.DEMO_MAP,
                java.time.ZoneOffset.UTC);
        ModbusSondeTwin two = new ModbusSondeTwin(TwinOptions.defaults().withSeed(2), 2, ModbusSondeTwin.DEMO_MAP,
                java.time.ZoneOffset.UTC);
        ModbusSondeTwin three = new ModbusSondeTwin(TwinOptions.defaults().withSeed(3), 3, ModbusSondeTwin.DEMO_MAP,
                java.time.ZoneOffset.UTC);
        SenseairS8Twin co2 = new SenseairS8Twin(TwinOptions.defaults().withSeed(4));
        two.faults().set(Fault.SILENT, true);
        try (TwinServer server = serve(new ModbusBusTwin(List.of(one, two, three, co2)));
             SharedLink bus = new SharedLink()) {
            SensorDriver first = sonde(bus, 1);
            SensorDriver second = sonde(bus, 2);
            SensorDriver third = sonde(bus, 3);
            SensorDriver s8 = new SenseairS8DriverProvider().create(new SensorSpec("co2", pty.a(),
                    SerialSettings.DEFAULT_9600_8N1), new MapDriverOptions(Map.of("address", "104")));
            s8.open(bus);
            for (int round = 0; round < 3; round++) {
                assertEquals(4, first.read().size());
                long start = System.nanoTime();
                SensorTimeoutException dead = assertThrows(SensorTimeoutException.class, second::read);
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(dead.getMessage().startsWith(pty.a() + ": slave 2: write register 0x0020 = 1: no answer "
                        + "within 300 ms"), dead.getMessage());
                assertTrue(tookMillis >= 300 && tookMillis < 1000, "ends at its own timeout: " + tookMillis + " ms");
                List<Measurement> fromThree = third.read();
                assertEquals(lastHeard(Quantity.DISSOLVED_OXYGEN), fromThree.get(3).value(), 1e-9);
                List<Measurement> fromS8 = s8.read();
                assertEquals(List.of(new Measurement(Quantity.CO2, lastHeard(Quantity.CO2))), fromS8);
            }
            assertEquals(3, one.triggers());
            assertEquals(0, two.triggers());
            assertEquals(3, three.triggers());
        }
    }

    /** One link for every driver, as the gateway's shared ports give sensors on one port. */
    private final class SharedLink implements DriverContext, AutoCloseable {
        private org.envgate.link.Link link;

        @Override
        public org.envgate.link.Link openSerial(String port, SerialSettings settings) throws IOException {
            if (link == null) {
                link = DriverContext.DIRECT.openSerial(port, settings);
            }
            org.envgate.link.Link shared = link;
            return new org.envgate.link.Link() {
                @Override
                public String port() {
                    return shared.port();
                }

                @Override
                public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
                    return shared.read(buffer, offset, length, timeout);
                }

                @Override
                public void write(byte[] bytes) throws IOException {
                    shared.write(bytes);
                }

                @Override
                public void discardInput() throws IOException {
                    shared.discardInput();
                }

                @Override
                public void close() {
                    // the bus stays open for the other drivers; the test closes it
                }
            };
        }

        @Override
        public void close() {
            if (link != null) {
                link.close();
            }
        }
    }
}
