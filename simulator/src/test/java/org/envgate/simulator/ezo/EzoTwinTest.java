package org.envgate.simulator.ezo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ezo.WrongCircuitException;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinFaults.Fault;
import org.envgate.simulator.TwinOnPty;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The EZO twin alone, and the real EZO driver reading it over a pseudo-terminal. */
class EzoTwinTest {

    private static final long T0 = 1_795_860_000_000L;

    private static EzoTwin twin(EzoTwin.Circuit circuit, long seed) {
        return new EzoTwin(circuit, TwinOptions.defaults().withSeed(seed), ZoneOffset.UTC);
    }

    private static String exchange(EzoTwin twin, String command, long at) {
        twin.receive((command + "\r").getBytes(StandardCharsets.US_ASCII), 0, command.length() + 1, at);
        return new String(twin.poll(at + 1000), StandardCharsets.US_ASCII);
    }

    /**
     * The datasheet's reading lines (the drivers' vectors): with the value dictated, the twin's
     * answer to {@code R} is the vector's line byte for byte.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ph.txt", "orp.txt"})
    void readingLinesMatchTheDatasheetVectors(String vector) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (java.io.InputStream in = EzoTwinTest.class.getResourceAsStream("/vectors/ezo/" + vector)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#") && line.contains(":")) {
                    fields.put(line.substring(0, line.indexOf(':')).strip(), line.substring(line.indexOf(':') + 1).strip());
                } else if (line.startsWith("expect ")) {
                    String[] expect = line.substring(7).split("=");
                    fields.put("quantity", expect[0].strip());
                    fields.put("value", expect[1].strip());
                }
            }
        }
        Quantity quantity = Quantity.byId(fields.get("quantity")).orElseThrow();
        double value = Double.parseDouble(fields.get("value"));
        EzoTwin twin = new EzoTwin(EzoTwin.Circuit.valueOf(fields.get("circuit")), TwinOptions.defaults()
                .withSignals((q, t) -> q == quantity ? OptionalDouble.of(value) : OptionalDouble.empty()),
                ZoneOffset.UTC);
        exchange(twin, "C,0", T0);

        assertEquals(fields.get("line") + "\r*OK\r", exchange(twin, "R", T0 + 2000));
    }

    @Test
    void answersLikeTheDatasheet() {
        EzoTwin ph = twin(EzoTwin.Circuit.PH, 1);
        assertEquals("*OK\r", exchange(ph, "C,0", T0));
        assertEquals("?I,pH,2.16\r*OK\r", exchange(ph, "i", T0 + 2000));
        assertEquals("*ER\r", exchange(ph, "Frobnicate", T0 + 4000));
        assertEquals("*OK\r", exchange(ph, "T,19.5", T0 + 6000));
        assertEquals("?T,19.50\r*OK\r", exchange(ph, "T,?", T0 + 8000));
        assertTrue(exchange(ph, "R", T0 + 10_000).matches("\\d+\\.\\d{3}\r\\*OK\r"));
    }

    @Test
    void sendsReadingsOnItsOwnUntilContinuousModeIsOff() {
        EzoTwin ec = twin(EzoTwin.Circuit.EC, 2);
        ec.poll(T0);
        String flowing = new String(ec.poll(T0 + 3500), StandardCharsets.US_ASCII);
        assertEquals(3, flowing.split("\r").length, flowing);
        exchange(ec, "C,0", T0 + 3500);
        assertEquals("", new String(ec.poll(T0 + 10_000), StandardCharsets.US_ASCII));
    }

    @Test
    void theReadingComesAfterTheCircuitsReadingTime() {
        EzoTwin ph = twin(EzoTwin.Circuit.PH, 3);
        exchange(ph, "C,0", T0);
        ph.receive("R\r".getBytes(StandardCharsets.US_ASCII), 0, 2, T0 + 2000);
        assertArrayEquals(new byte[0], ph.poll(T0 + 2000 + 800));
        assertTrue(ph.poll(T0 + 2000 + 900).length > 0);
    }

    @Test
    void sameSeedSameBytes() {
        String[] runs = new String[2];
        for (int run = 0; run < 2; run++) {
            EzoTwin twin = twin(EzoTwin.Circuit.DO, 42);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                out.append(new String(twin.poll(T0 + i * 700L), StandardCharsets.US_ASCII));
            }
            runs[run] = out.toString();
        }
        assertEquals(runs[0], runs[1]);
    }

    private static SensorDriver driver(String model, String port, Map<String, Object> options) {
        return provider(model).create(new SensorSpec("water", port, SerialSettings.DEFAULT_9600_8N1),
                new MapDriverOptions(options));
    }

    @Test
    void theRealDriverReadsWhatTheTwinSentOverAPty() throws Exception {
        try (TwinOnPty pty = new TwinOnPty(new EzoTwin(EzoTwin.Circuit.EC, TwinOptions.defaults(), ZoneOffset.UTC));
             SensorDriver driver = driver("ezo-ec", pty.gatewayPort(), Map.of())) {
            driver.open(DriverContext.DIRECT);
            List<List<Measurement>> read = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                read.add(driver.read());
            }
            List<Map<Quantity, Double>> sent = pty.samples().stream().map(TwinSample::values).toList();
            for (List<Measurement> values : read) {
                Map<Quantity, Double> asMap = new LinkedHashMap<>();
                values.forEach(m -> asMap.put(m.quantity(), m.value()));
                assertTrue(sent.contains(asMap), asMap + " was sent: " + sent);
            }
        }
    }

    @Test
    void aCompensatedReadSendsTheOtherSensorsTemperature() throws Exception {
        EzoTwin twin = new EzoTwin(EzoTwin.Circuit.PH, TwinOptions.defaults(), ZoneOffset.UTC);
        DriverContext context = new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) throws IOException {
                return Links.open(port, settings);
            }

            @Override
            public Optional<Reading> latest(String sensorId, Quantity quantity) {
                return Optional.of(new Reading(sensorId, quantity, 18.25, System.currentTimeMillis()));
            }
        };
        try (TwinOnPty pty = new TwinOnPty(twin);
             SensorDriver driver = driver("ezo-ph", pty.gatewayPort(), Map.of("temperature-from", "rtd"))) {
            driver.open(context);
            driver.read();
            assertEquals(18.25, twin.compensation(), 1e-9);
        }
    }

    @Test
    void theWrongCircuitAndAnErrorAnswerAreClearErrors() throws Exception {
        try (TwinOnPty pty = new TwinOnPty(new EzoTwin(EzoTwin.Circuit.ORP, TwinOptions.defaults(), ZoneOffset.UTC));
             SensorDriver driver = driver("ezo-ph", pty.gatewayPort(), Map.of())) {
            WrongCircuitException e = assertThrows(WrongCircuitException.class, () -> driver.open(DriverContext.DIRECT));
            assertTrue(e.getMessage().endsWith("expected an EZO pH circuit, found EZO ORP (firmware 2.10); check the port, "
                    + "or set model: ezo-orp"), e.getMessage());
        }
        EzoTwin ph = new EzoTwin(EzoTwin.Circuit.PH, TwinOptions.defaults(), ZoneOffset.UTC);
        try (TwinOnPty pty = new TwinOnPty(ph); SensorDriver driver = driver("ezo-ph", pty.gatewayPort(), Map.of())) {
            driver.open(DriverContext.DIRECT);
            ph.faults().set(Fault.ERROR_RESPONSE, true);
            SensorErrorException e = assertThrows(SensorErrorException.class, driver::read);
            assertTrue(e.getMessage().endsWith("answered *ER (unknown command or error) to 'R'"), e.getMessage());
            ph.faults().set(Fault.ERROR_RESPONSE, false);
            ph.faults().set(Fault.OUT_OF_RANGE, true);
            double value = driver.read().get(0).value();
            assertTrue(!provider("ezo-ph").range(Quantity.PH, new MapDriverOptions(Map.of())).contains(value),
                    "the gateway drops " + value + " as out of range");
        }
    }

    /** As the gateway finds it. */
    private static SensorDriverProvider provider(String model) {
        return DriverRegistry.load().find(model).orElseThrow();
    }
}
