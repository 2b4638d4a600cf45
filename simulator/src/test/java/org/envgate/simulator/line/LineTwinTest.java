package org.envgate.simulator.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.drivers.line.LineDriverProvider;
import org.envgate.drivers.line.LineFormat;
import org.envgate.drivers.line.LineFramer;
import org.envgate.drivers.line.LineTerminator;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/** The twin prints each documented instrument's line, and the documented format reads from it what the twin sent. */
class LineTwinTest {

    /** 2024-03-01 15:00 UTC: mid-afternoon. */
    private static final long AFTERNOON = 1_709_251_200_000L + 15 * 3_600_000L;
    private static final LineFormat WXT = LineFormat.parse(new MapDriverOptions(Map.of(
            "pattern", "Ta=(?<temperature>[-+]?[0-9.]+)C.*Ua=(?<humidity>[0-9.]+)P,Pa=(?<pressure>[0-9.]+)H",
            "fields", Map.of("temperature", Map.of("unit", "Cel"), "humidity", Map.of("unit", "%RH"),
                    "pressure", Map.of("unit", "hPa")))));

    private static String ask(LineTwin twin, String command, long at) {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        twin.receive(bytes, 0, bytes.length, at);
        return new String(twin.poll(at), StandardCharsets.US_ASCII);
    }

    @Test
    void answersItsPollWithTheValuesItReportsAndIgnoresOtherCommands() throws Exception {
        LineTwin twin = new LineTwin(LineInstrument.WXT, TwinOptions.defaults().withSeed(3), ZoneOffset.UTC);
        List<TwinSample> sent = new ArrayList<>();
        twin.addListener(sent::add);
        assertEquals("", ask(twin, "0R1\r\n", AFTERNOON));
        assertEquals("", ask(twin, "0R0", AFTERNOON), "no answer before the line ends");
        String line = ask(twin, "\r\n", AFTERNOON);
        assertTrue(line.startsWith("0R0,Dn=") && line.endsWith("Vh=0.0N\r\n"), line);

        List<String> lines = new LineFramer(LineTerminator.LF, 512).feed(line.getBytes(StandardCharsets.US_ASCII));
        Map<Quantity, Double> read = new EnumMap<>(Quantity.class);
        WXT.parse(lines.get(0), System::nanoTime).forEach(m -> read.put(m.quantity(), m.value()));
        assertEquals(sent.get(0).values(), read);
        assertTrue(read.get(Quantity.TEMPERATURE) > 29 && read.get(Quantity.TEMPERATURE) < 33, read.toString());
    }

    @Test
    void faults() {
        LineTwin twin = new LineTwin(LineInstrument.WXT, TwinOptions.defaults(), ZoneOffset.UTC);
        List<TwinSample> sent = new ArrayList<>();
        twin.addListener(sent::add);
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, true);
        assertTrue(ask(twin, "0R0\r\n", AFTERNOON).contains(",Ta=75.0C,"));
        assertEquals(List.of(), sent, "an out-of-range answer is no sample");
        twin.faults().set(TwinFaults.Fault.OUT_OF_RANGE, false);
        twin.faults().set(TwinFaults.Fault.STUCK, true);
        String first = ask(twin, "0R0\r\n", AFTERNOON + 60_000);
        String second = ask(twin, "0R0\r\n", AFTERNOON + 120_000);
        assertEquals(first.replaceAll("D[nmx]=[0-9]+D,S[nmx]=[0-9.]+M,", ""), second.replaceAll("D[nmx]=[0-9]+D,S[nmx]=[0-9.]+M,", ""));
    }

    /** The instrument's documented options, as the gateway reads the YAML the demo and the tests write. */
    private static MapDriverOptions documented(LineInstrument instrument) {
        Map<String, Object> options = new Yaml().load(yaml(instrument));
        return new MapDriverOptions(texts(options));
    }

    /** The instrument's sensor options as the YAML lines under a sensor. */
    private static String yaml(LineInstrument instrument) {
        return instrument.sensorOptions().entrySet().stream()
                .map(option -> option.getKey() + ": " + option.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** YAML's numbers as the text the gateway's config hands a driver. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> texts(Map<String, Object> yaml) {
        return yaml.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue() instanceof Map<?, ?> nested
                ? texts((Map<String, Object>) nested)
                : entry.getValue() instanceof List<?> list ? list.stream().map(String::valueOf).toList() : String.valueOf(entry.getValue())));
    }

    @ParameterizedTest
    @EnumSource(LineInstrument.class)
    void eachInstrumentsLineGivesWhatTheTwinSentInItsDocumentedFormat(LineInstrument instrument) throws Exception {
        LineTwin twin = new LineTwin(instrument, TwinOptions.defaults().withSeed(5), ZoneOffset.UTC);
        List<TwinSample> sent = new ArrayList<>();
        twin.addListener(sent::add);
        MapDriverOptions options = documented(instrument);
        LineFormat format = LineFormat.parse(options);
        LineFramer framer = new LineFramer(LineTerminator.LF, 512);
        for (int i = 0; i < 5; i++) {
            long at = AFTERNOON + i * 1_000L;
            String line = instrument.command() == null
                    ? new String(twin.poll(at), StandardCharsets.US_ASCII)
                    : ask(twin, instrument.command() + "\r\n", at);
            List<String> lines = framer.feed(line.getBytes(StandardCharsets.US_ASCII));
            assertEquals(1, lines.size(), line);
            Map<Quantity, Double> read = new EnumMap<>(Quantity.class);
            format.parse(lines.get(0), System::nanoTime).forEach(m -> read.put(m.quantity(),
                    new LineDriverProvider().resolution(m.quantity(), options).round(m.value())));
            assertEquals(sent.get(i).values(), read, line);
            assertTrue(read.keySet().containsAll(instrument.dictated()), read.toString());
        }
    }

    @Test
    void theSondePrintsOnceAPeriodUnaskedAndTheSensorsOptionsPickTheInstrument() {
        LineTwin sonde = new LineTwin(LineInstrument.YSI6600, TwinOptions.defaults(), ZoneOffset.UTC);
        assertTrue(new String(sonde.poll(AFTERNOON), StandardCharsets.US_ASCII).startsWith("03/01/24 15:00:00    "));
        assertEquals(0, sonde.poll(AFTERNOON + 999).length);
        assertEquals("", ask(sonde, "TS\r\n", AFTERNOON + 999));
        assertTrue(sonde.poll(AFTERNOON + 1_000).length > 0);

        for (LineInstrument instrument : LineInstrument.values()) {
            assertEquals(instrument, LineInstrument.readBy(instrument.sensorOptions()));
            assertEquals(instrument, LineInstrument.named(instrument.id()));
        }
        assertEquals(LineInstrument.WXT, LineInstrument.readBy(Map.of()));
    }

    /** The twin's config is the documented one: the driver's test vector format of the same instrument. */
    @ParameterizedTest
    @EnumSource(LineInstrument.class)
    void theSensorOptionsAreTheDocumentedFormat(LineInstrument instrument) throws Exception {
        String vector = switch (instrument) {
            case WXT -> "vaisala-wxt";
            case YSI6600 -> "ysi-6600-sonde";
            case SBE37 -> "seabird-sbe37";
        };
        Map<String, Object> documented = new Yaml().load(Files.readString(
                Path.of("../drivers/src/test/resources/vectors/line", vector, "format.yaml")));
        assertEquals(documented, new Yaml().load(yaml(instrument)));
    }
}
