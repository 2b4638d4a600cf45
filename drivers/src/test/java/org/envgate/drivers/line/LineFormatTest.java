package org.envgate.drivers.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.ValueRange;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class LineFormatTest {

    private static LineFormat format(Map<String, ?> options) {
        return LineFormat.parse(new MapDriverOptions(options));
    }

    private static OptionException problem(Map<String, ?> options) {
        return assertThrows(OptionException.class, () -> format(options));
    }

    @Test
    void delimitedFieldsAreScaledAndOffset() throws Exception {
        LineFormat format = format(Map.of("delimiter", ";", "fields", Map.of(
                "temperature", Map.of("index", "1", "unit", "Cel", "scale", "0.1", "offset", "-40"),
                "water_level", Map.of("index", "3", "unit", "m", "scale", "0.001", "range", List.of("0", "5")))));
        Map<Quantity, Double> values = new java.util.EnumMap<>(Quantity.class);
        format.parse("A;655;x;1234", System::nanoTime).forEach(m -> values.put(m.quantity(), m.value()));
        assertEquals(25.5, values.get(Quantity.TEMPERATURE), 1e-9);
        assertEquals(1.234, values.get(Quantity.WATER_LEVEL), 1e-9);
        assertEquals(new ValueRange(0, 5), format.field(Quantity.WATER_LEVEL).orElseThrow().range());
        assertEquals(new ValueRange(-60, 150), format.field(Quantity.TEMPERATURE).orElseThrow().range(),
                "no range: the quantity's plausible range");
    }

    @Test
    void aLineThatDoesNotFitIsAFrameErrorNamingWhy() {
        LineFormat format = format(Map.of("delimiter", ",", "fields", Map.of(
                "ph", Map.of("index", "2", "unit", "pH"))));
        assertTrue(assertThrows(LineMismatchException.class, () -> format.parse("7.1,7.2", System::nanoTime))
                .getMessage().startsWith("line has 2 fields, ph is field 2 (from 0): 7.1,7.2"));
        for (String notANumber : List.of("a,b,NaN", "a,b,Infinity", "a,b,0x1p3", "a,b,7d", "a,b,", "a,b,7.1.2")) {
            assertThrows(LineMismatchException.class, () -> format.parse(notANumber, System::nanoTime), notANumber);
        }
        assertEquals("ph: '\\x1b[2J' is not a number in: a,b,\\x1b[2J",
                assertThrows(LineMismatchException.class, () -> format.parse("a,b,\u001b[2J", System::nanoTime)).getMessage(),
                "control characters of the instrument never reach a log line as they are");
    }

    @Test
    void namedGroupsOfAPatternAndTheQuantityAsDefaultGroup() throws Exception {
        LineFormat format = format(Map.of("pattern", "Ta=(?<temperature>[-0-9.]+)C,Ua=(?<rh>[0-9.]+)P", "fields", Map.of(
                "temperature", Map.of("unit", "Cel"),
                "humidity", Map.of("group", "rh", "unit", "%RH"))));
        assertEquals(java.util.Set.of(new Measurement(Quantity.TEMPERATURE, -3.5), new Measurement(Quantity.HUMIDITY, 91.0)),
                java.util.Set.copyOf(format.parse("0R2,Ta=-3.5C,Ua=91.0P,Pa=1001.2H", System::nanoTime)));
        assertThrows(LineMismatchException.class, () -> format.parse("0R1,Dn=160D", System::nanoTime));
    }

    @Test
    void configProblemsNameTheirKey() {
        assertEquals("delimiter", problem(Map.of("fields", Map.of())).key());
        assertEquals("pattern", problem(Map.of("delimiter", ",", "pattern", "x")).key());
        OptionException regex = problem(Map.of("pattern", "(?<t>[0-9", "fields", Map.of("temperature", Map.of("unit", "Cel"))));
        assertEquals("pattern", regex.key());
        assertTrue(regex.getMessage().startsWith("pattern is not a Java regular expression: "), regex.getMessage());
        assertEquals("fields", problem(Map.of("delimiter", ",")).key());
        assertEquals("fields.temperature.group", problem(Map.of("pattern", "T=(?<t>[0-9.]+)",
                "fields", Map.of("temperature", Map.of("unit", "Cel")))).key());
        assertEquals("fields.pm2_5.group", problem(Map.of("pattern", "(?<pm25>[0-9]+)",
                "fields", Map.of("pm2_5", Map.of("unit", "ug/m3")))).key());
        OptionException unit = problem(Map.of("delimiter", ",", "fields", Map.of("temperature", Map.of("index", "0"))));
        assertEquals("fields.temperature.unit", unit.key());
        assertEquals("fields.temperature.unit is missing (required): temperature is reported in Cel; write unit: Cel "
                + "and convert with scale and offset", unit.getMessage());
        assertEquals("fields.temperature.unit", problem(Map.of("delimiter", ",",
                "fields", Map.of("temperature", Map.of("index", "0", "unit", "degF")))).key());
        assertEquals("fields.wind_speed", problem(Map.of("delimiter", ",",
                "fields", Map.of("wind_speed", Map.of("index", "0", "unit", "m/s")))).key());
        assertEquals("fields.ph.index", problem(Map.of("delimiter", ",", "fields", Map.of("ph", Map.of("unit", "pH")))).key());
        assertEquals("fields.ph.index", problem(Map.of("pattern", "(?<ph>.)", "fields", Map.of("ph", Map.of("unit", "pH",
                "index", "1")))).key());
        assertEquals("fields.ph.scale", problem(Map.of("delimiter", ",", "fields", Map.of("ph", Map.of("unit", "pH",
                "index", "1", "scale", "0")))).key());
        assertEquals("fields.ph.range", problem(Map.of("delimiter", ",", "fields", Map.of("ph", Map.of("unit", "pH",
                "index", "1", "range", List.of("14", "0"))))).key());
        assertEquals("pattern-timeout", problem(Map.of("delimiter", ",", "pattern-timeout", "5s",
                "fields", Map.of("ph", Map.of("unit", "pH", "index", "1")))).key());
    }

    /**
     * {@code (x+x+)+y} on a line of x's backtracks for longer than anyone waits; the clock of this
     * test moves a millisecond on every look, so the limit of 50 ms is reached after 50 looks,
     * whatever the machine's speed.
     */
    @Test
    void aCatastrophicPatternOnALongLineEndsAtItsTimeLimitAsAFrameError() {
        LineFormat format = format(Map.of("pattern", "(x+x+)+y(?<ph>[0-9.]+)", "fields", Map.of(
                "ph", Map.of("unit", "pH"))));
        AtomicLong now = new AtomicLong();
        LongSupplier clock = () -> now.addAndGet(1_000_000);
        String line = "x".repeat(5000);
        LineMismatchException e = assertTimeoutPreemptively(Duration.ofMinutes(1),
                () -> assertThrows(LineMismatchException.class, () -> format.parse(line, clock)));
        assertTrue(e.getMessage().startsWith("matching the pattern took longer than 50 ms on a line of 5000 characters; "
                + "simplify the pattern: xxxx"), e.getMessage());
    }

    @Test
    void aPatternThatRecursesTooDeepIsAFrameErrorNotACrash() {
        LineFormat format = format(Map.of("pattern", "^(a|b)*(?<ph>[0-9])$", "pattern-timeout", "1s",
                "fields", Map.of("ph", Map.of("unit", "pH"))));
        LineMismatchException e = assertThrows(LineMismatchException.class,
                () -> format.parse("ab".repeat(30_000) + "7", System::nanoTime));
        assertTrue(e.getMessage().startsWith("the pattern recursed too deep on a line of 60001 characters"), e.getMessage());
    }
}
