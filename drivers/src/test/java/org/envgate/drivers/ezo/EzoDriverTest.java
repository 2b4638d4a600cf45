package org.envgate.drivers.ezo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.testing.ScriptedLink;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;

class EzoDriverTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final ScriptedLink link = new ScriptedLink();

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private ScriptedLink circuit(String type) {
        return link.answer(ascii("C,0\r"), ascii("*OK\r"))
                .answer(ascii("*OK,1\r"), ascii("*OK\r"))
                .answer(ascii("i\r"), ascii("?I," + type + ",2.16\r*OK\r"))
                .answer(ascii("O,?\r"), ascii("?O,EC,TDS,S,SG\r*OK\r"));
    }

    private EzoDriver open(EzoCircuit circuit, String temperatureFrom, DriverContext context) throws Exception {
        EzoDriver driver = new EzoDriver(new SensorSpec("water", link.port(), SerialSettings.DEFAULT_9600_8N1), circuit,
                temperatureFrom, Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC), link::nanoTime);
        driver.open(context);
        return driver;
    }

    private List<String> writes() {
        return link.writes().stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    @Test
    void startStopsContinuousModeTurnsCodesOnAndChecksTheCircuit() throws Exception {
        circuit("EC");
        open(EzoCircuit.EC, null, (port, settings) -> link);
        // A bare carriage return first ends whatever an earlier program left in the circuit's input.
        assertEquals(List.of("\r", "C,0\r", "*OK,1\r", "i\r", "O,?\r"), writes());
    }

    @Test
    void theWrongCircuitOnThePortIsNamed() {
        circuit("EC");
        WrongCircuitException e = assertThrows(WrongCircuitException.class,
                () -> open(EzoCircuit.PH, null, (port, settings) -> link));
        assertEquals(link.port() + ": expected an EZO pH circuit, found EZO EC (firmware 2.16); check the port, or set model: ezo-ec",
                e.getMessage());
    }

    @Test
    void readsAllEnabledEcOutputsCompensatedWithAFreshTemperature() throws Exception {
        circuit("EC").answer(ascii("T,19.50\r"), ascii("*OK\r")).answer(ascii("R\r"), ascii("1413,763,0.70,1.000\r*OK\r"));
        DriverContext context = new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) {
                return link;
            }

            @Override
            public Optional<Reading> latest(String sensorId, Quantity quantity) {
                return sensorId.equals("rtd") && quantity == Quantity.TEMPERATURE
                        ? Optional.of(new Reading("rtd", Quantity.TEMPERATURE, 19.5, NOW.toEpochMilli() - 60_000))
                        : Optional.empty();
            }
        };
        List<Measurement> values = open(EzoCircuit.EC, "rtd", context).read();
        assertEquals(List.of(new Measurement(Quantity.CONDUCTIVITY, 1413), new Measurement(Quantity.TDS, 763),
                new Measurement(Quantity.SALINITY, 0.70)), values);
        assertEquals(List.of("T,19.50\r", "R\r"), writes().subList(5, 7));
    }

    @Test
    void anOldTemperatureIsNotSent() throws Exception {
        circuit("EC").answer(ascii("R\r"), ascii("1413,763,0.70,1.000\r*OK\r"));
        DriverContext context = new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) {
                return link;
            }

            @Override
            public Optional<Reading> latest(String sensorId, Quantity quantity) {
                return Optional.of(new Reading("rtd", Quantity.TEMPERATURE, 19.5, NOW.toEpochMilli() - 3_600_000));
            }
        };
        open(EzoCircuit.EC, "rtd", context).read();
        assertTrue(writes().stream().noneMatch(w -> w.startsWith("T,")), writes().toString());
    }

    @Test
    void olderFirmwareNamesTheDoCircuitDifferently() throws Exception {
        link.answer(ascii("C,0\r"), ascii("*OK\r")).answer(ascii("*OK,1\r"), ascii("*OK\r"))
                .answer(ascii("i\r"), ascii("?I,D.O.,1.98\r*OK\r")).answer(ascii("O,?\r"), ascii("?,O,mg\r*OK\r"))
                .answer(ascii("R\r"), ascii("7.82\r*OK\r"));
        assertEquals(List.of(new Measurement(Quantity.DISSOLVED_OXYGEN, 7.82)), open(EzoCircuit.DO, null, (p, s) -> link).read());
    }

    @Test
    void anErrorAnswerToAReadIsASensorError() throws Exception {
        circuit("pH").answer(ascii("R\r"), ascii("*ER\r"));
        SensorErrorException e = assertThrows(SensorErrorException.class, () -> open(EzoCircuit.PH, null, (p, s) -> link).read());
        assertEquals(link.port() + ": answered *ER (unknown command or error) to 'R'", e.getMessage());
    }

    @Test
    void aGarbledReadingIsATimeoutNotAValue() throws Exception {
        circuit("pH").answer(ascii("R\r"), ascii("7.0*OK\r"));
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> open(EzoCircuit.PH, null, (p, s) -> link).read());
        assertTrue(e.getMessage().contains("garbled reading from the EZO pH circuit"), e.getMessage());
    }

    @Test
    void silenceNamesWhatToCheck() {
        SensorTimeoutException e = assertThrows(SensorTimeoutException.class, () -> open(EzoCircuit.PH, null, (p, s) -> link));
        assertTrue(e.getMessage().startsWith(link.port() + ": no answer to 'C,0' from the EZO pH circuit"), e.getMessage());
    }
}
