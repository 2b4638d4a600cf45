package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.common.config.ConfigMap;
import org.envgate.drivers.modbus.ModbusCrc;
import org.envgate.drivers.pms5003.Pms5003Commands;
import org.envgate.drivers.pms5003.Pms5003Decoder;
import org.envgate.drivers.pms5003.Pms5003Frame;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Twins driven into the conditions quality control looks for, step by step with a made-up clock
 * and asked once a real second by their model's real request: a spike is one value far off, a
 * drift walks at its rate, humid air makes a PMS5003 read high by as much as the EPA correction
 * takes off, and a Modbus transmitter serves the humidity its register map names.
 */
class QualityConditionsTest {

    private static final long T0 = 1_795_860_000_000L;

    /** What a run sent, and the PMS5003 frames it wrote. */
    private record Run(List<SentReading> sent, List<Pms5003Frame> frames) {
        List<Double> values(Quantity quantity) {
            return sent.stream().filter(r -> r.quantity() == quantity).map(SentReading::value).toList();
        }
    }

    /** One sensor, {@code sensor} lines of YAML, at a simulated minute a real second for {@code seconds}. */
    private static Run run(String sensor, int seconds) throws Exception {
        Scenario scenario = new ScenarioLoader().parse("quality.yaml", """
                scenario: quality
                time-factor: 60
                gateway: {id: sim-quality}
                sensors:
                """ + sensor);
        List<SentReading> sent = new ArrayList<>();
        Map<String, ScenarioTwin> twins = ScenarioTwins.build(scenario, new ScenarioClock(T0, 60), sent::add, line -> {
        });
        ScenarioTwin twin = twins.values().iterator().next();
        byte[] request = switch (twin.model()) {
            case "pms5003" -> Pms5003Commands.readPassive();
            case "modbus" -> ModbusCrc.append(new byte[] {0x01, 0x04, 0x00, 0x01, 0x00, 0x02});
            default -> "R\r".getBytes(StandardCharsets.US_ASCII);
        };
        if (twin.model().equals("pms5003")) {
            twin.receive(Pms5003Commands.passiveMode(), 0, 7, T0);
        }
        Pms5003Decoder decoder = new Pms5003Decoder();
        List<Pms5003Frame> frames = new ArrayList<>();
        for (long t = T0; t <= T0 + seconds * 1000L; t += 50) {
            twin.advance(t);
            if ((t - T0) % 1000 == 500) {
                twin.receive(request, 0, request.length, t);
            }
            byte[] out = twin.poll(t);
            if (twin.model().equals("pms5003")) {
                frames.addAll(decoder.feed(out));
            }
        }
        return new Run(sent, frames);
    }

    @Test
    void aSpikeIsOneValueFarOffAndTheNextIsBackOnTheSignal() throws Exception {
        Run run = run("""
                  - id: pm
                    model: pms5003
                    options: {mode: passive}
                    signals:
                      pm2_5: {baseline: 20}
                    events:
                      - {at: 5m, kind: spike, quantity: pm2_5, add: 400}
                """, 10);

        List<Double> pm25 = run.values(Quantity.PM2_5);
        assertEquals(1, pm25.stream().filter(v -> v == 420).count(), pm25.toString());
        assertEquals(pm25.size() - 1, pm25.stream().filter(v -> v == 20).count(), pm25.toString());
        int spike = pm25.indexOf(420.0);
        assertTrue(spike > 0 && spike < pm25.size() - 1, "values before and after the spike: " + pm25);
    }

    @Test
    void aDriftWalksAtItsRateForItsLengthAndStaysWhereItGot() throws Exception {
        Run run = run("""
                  - id: water-ph
                    model: ezo-ph
                    signals:
                      ph: {baseline: 7}
                    events:
                      - {at: 10m, for: 30m, kind: drift, quantity: ph, per-hour: 2}
                """, 50);

        List<SentReading> ph = run.sent().stream().filter(r -> r.quantity() == Quantity.PH).toList();
        assertTrue(ph.size() > 40, "readings: " + ph.size());
        for (SentReading reading : ph) {
            double minutes = Math.min(Math.max(0, reading.simMillis() / 60_000.0 - 10), 30);
            assertEquals(7 + 2 * minutes / 60, reading.value(), 0.0011, "at " + reading.simMillis() / 1000 + " s");
        }
        assertEquals(8.0, ph.get(ph.size() - 1).value(), 1e-9, "after its length the drift holds");
    }

    @Test
    void inHumidAirAPms5003ReadsHighByWhatTheEpaCorrectionTakesOff() throws Exception {
        for (double humidity : new double[] {50, 70, 90}) {
            Run run = run(humidAirSensor(humidity), 5);

            assertTrue(run.frames().size() >= 4, "frames: " + run.frames().size());
            for (Pms5003Frame frame : run.frames()) {
                double corrected = 0.524 * frame.pm25Cf1() - 0.0862 * humidity + 5.75;
                assertEquals(20, corrected, 0.524 / 2 + 1e-9, "EPA-corrected CF=1 at " + humidity + " %RH");
                assertTrue(frame.pm25Atmospheric() > 20, "reads high at " + humidity + " %RH: " + frame);
            }
        }
        assertTrue(run(humidAirSensor(90), 3).frames().get(0).pm25Cf1() > run(humidAirSensor(50), 3).frames().get(0).pm25Cf1(),
                "the wetter the air, the higher it reads");
    }

    /** A PMS5003 in air of {@code humidity} %RH, where a reference monitor would read 20 ug/m3. */
    private static String humidAirSensor(double humidity) {
        return """
                  - id: pm
                    model: pms5003
                    options: {mode: passive}
                    signals:
                      pm2_5: {baseline: 20}
                      humidity: {baseline: %s}
                """.formatted(humidity);
    }

    @Test
    void aSensorsQcAndCalibrationSectionsGoIntoTheEmittedConfigAsWritten() throws Exception {
        Scenario scenario = new ScenarioLoader().parse("quality.yaml", """
                scenario: quality
                gateway: {id: sim-quality}
                sensors:
                  - id: pm
                    model: pms5003
                    qc:
                      pm2_5:
                        user-range: [0, 250]
                        flat-line: {tolerance: 0, suspect-after: 2s, fail-after: 4s}
                      pm10: {spike: off}
                    calibration:
                      pm2_5: {slope: 0, offset: 5.75, terms: {pm/pm2_5_cf1: 0.524, rh/humidity: -0.0862},
                              date: 2026-11-01, reference: "US EPA correction, \\"Barkjohn\\" 2021"}
                """);

        String yaml = GatewayConfigWriter.yaml(scenario, Map.of("pm", "/dev/pts/9"), "tcp://localhost:1883",
                Path.of("/tmp/storage"));

        assertTrue(yaml.contains("\n    qc: {pm2_5: {user-range: [0, 250], flat-line: {tolerance: 0, suspect-after: 2s, "
                + "fail-after: 4s}}, pm10: {spike: off}}\n"), yaml);
        assertTrue(yaml.contains("\n    calibration: {pm2_5: {slope: 0, offset: 5.75, terms: {pm/pm2_5_cf1: 0.524, "
                + "rh/humidity: -0.0862}, date: 2026-11-01, reference: \"US EPA correction, \\\"Barkjohn\\\" 2021\"}}\n"), yaml);
        ConfigMap sensor = ConfigMap.parse("emitted", yaml)
                .list("sensors").get(0);
        assertEquals("US EPA correction, \"Barkjohn\" 2021",
                sensor.requiredMap("calibration").requiredMap("pm2_5").requiredText("reference"));
    }

    @Test
    void aModbusTwinServesTheHumidityItsRegisterMapNames() throws Exception {
        Run run = run("""
                  - id: rh
                    model: modbus
                    options:
                      address: 1
                      registers:
                        - {function: 4, register: 1, type: int16, scale: 0.1, quantity: temperature}
                        - {function: 4, register: 0x0002, type: uint16, scale: 0.1, quantity: humidity}
                    signals:
                      temperature: {baseline: 27.3}
                      humidity: {baseline: 91.4}
                """, 5);

        assertTrue(run.values(Quantity.HUMIDITY).size() >= 4, run.sent().toString());
        run.values(Quantity.HUMIDITY).forEach(v -> assertEquals(91.4, v, 1e-9));
        run.values(Quantity.TEMPERATURE).forEach(v -> assertEquals(27.3, v, 1e-9));
    }
}
