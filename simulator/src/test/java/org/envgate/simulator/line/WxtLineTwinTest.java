package org.envgate.simulator.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.line.LineFormat;
import org.envgate.drivers.line.LineFramer;
import org.envgate.drivers.line.LineTerminator;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** The WXT twin answers its poll with the composite message the documented format reads. */
class WxtLineTwinTest {

    /** 2024-03-01 15:00 UTC: mid-afternoon. */
    private static final long AFTERNOON = 1_709_251_200_000L + 15 * 3_600_000L;
    private static final LineFormat WXT = LineFormat.parse(new MapDriverOptions(Map.of(
            "pattern", "Ta=(?<temperature>[-+]?[0-9.]+)C.*Ua=(?<humidity>[0-9.]+)P,Pa=(?<pressure>[0-9.]+)H",
            "fields", Map.of("temperature", Map.of("unit", "Cel"), "humidity", Map.of("unit", "%RH"),
                    "pressure", Map.of("unit", "hPa")))));

    private static String ask(WxtLineTwin twin, String command, long at) {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        twin.receive(bytes, 0, bytes.length, at);
        return new String(twin.poll(at), StandardCharsets.US_ASCII);
    }

    @Test
    void answersItsPollWithTheValuesItReportsAndIgnoresOtherCommands() throws Exception {
        WxtLineTwin twin = new WxtLineTwin(TwinOptions.defaults().withSeed(3), ZoneOffset.UTC);
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
        WxtLineTwin twin = new WxtLineTwin(TwinOptions.defaults(), ZoneOffset.UTC);
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
}
