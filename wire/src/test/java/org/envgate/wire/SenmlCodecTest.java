package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenmlCodecTest {

    private static final long NOW = 1_795_877_531_630L;

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesNamesUnitsValuesAndMillisecondTimes() {
        List<Reading> readings = List.of(
                new Reading("pm", Quantity.PM2_5, 16, 1_795_877_531_630L),
                new Reading("pm", Quantity.PM10, 25, 1_795_877_531_630L),
                new Reading("water-1", Quantity.PH, 7.25, 1_795_877_532_005L));

        String pack = new String(SenmlCodec.encode("dn-lienchieu-01", readings), StandardCharsets.UTF_8);

        assertEquals("[{\"bn\":\"dn-lienchieu-01/\",\"bt\":1795877531.630,\"bu\":\"ug/m3\",\"n\":\"pm/pm2_5\",\"v\":16},"
                + "{\"n\":\"pm/pm10\",\"v\":25},"
                + "{\"n\":\"water-1/ph\",\"u\":\"pH\",\"v\":7.25,\"t\":0.375}]", pack);
    }

    @Test
    void writesEachValueInItsShortestDecimalFormWithoutAnExponent() {
        double[] values = {7.52, 412, 0.0625, -3.125, 0.00001, 0.000000001, 12345678.5, 123456789012345.0, -0.0, 1e15, 1.5e-10};
        String[] written = {"7.52", "412", "0.0625", "-3.125", "0.00001", "0.000000001", "12345678.5", "123456789012345", "0",
                "1.0E15", "1.5E-10"};
        for (int i = 0; i < values.length; i++) {
            String pack = new String(SenmlCodec.encode("gw", List.of(new Reading("s", Quantity.FLOW, values[i], NOW))),
                    StandardCharsets.UTF_8);
            assertEquals("[{\"bn\":\"gw/\",\"bt\":1795877531.630,\"bu\":\"l/min\",\"n\":\"s/flow\",\"v\":" + written[i] + "}]",
                    pack);
        }
    }

    @Test
    void everyValueIsWrittenInItsShortestPlainFormAndReadBackAsTheSameDouble() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 200_000; i++) {
            double value = switch (i % 4) {
                case 0 -> Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(7));
                case 1 -> Math.round(random.nextDouble() * 1e13) / 1e6;
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 9);
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (!Double.isFinite(value)) {
                continue;
            }
            String pack = new String(SenmlCodec.encode("gw", List.of(new Reading("s", Quantity.FLOW, value, NOW))),
                    StandardCharsets.UTF_8);
            String written = pack.substring(pack.indexOf("\"v\":") + 4, pack.length() - 2);
            assertEquals(value == 0 ? 0.0 : value, Double.parseDouble(written), "written as " + written);
            double magnitude = Math.abs(value);
            if (magnitude >= SenmlPackWriter.PLAIN_FROM && magnitude < SenmlPackWriter.PLAIN_BELOW && value != Math.rint(value)) {
                // Never longer than Java's own shortest form (which Java 17 sometimes misses).
                assertTrue(new java.math.BigDecimal(written).precision()
                        <= java.math.BigDecimal.valueOf(value).stripTrailingZeros().precision(), "shortest: " + written);
            }
        }
    }

    @Test
    void decodesWhatItEncodesExactly() throws SenmlException {
        List<Reading> readings = List.of(
                new Reading("pm", Quantity.PM1_0, 0, 1_000_000_000_001L),
                new Reading("co2-box", Quantity.CO2, 415.5, 1_795_877_531_999L),
                new Reading("t", Quantity.TEMPERATURE, -3.125, 1_795_877_532_000L),
                new Reading("big", Quantity.CONDUCTIVITY, 1.5e7, 1_795_877_532_001L),
                new Reading("tiny", Quantity.ORP, 1e-9, 1_795_877_532_002L),
                new Reading("flow", Quantity.FLOW, 0.00001, 1_795_877_532_003L),
                new Reading("tinier", Quantity.ORP, 1.5e-10, 1_795_877_532_004L));
        assertEquals(readings, SenmlCodec.decodeReadings("gw", SenmlCodec.encode("gw", readings), NOW));
    }

    @Test
    void writesTimesRelativeToTheFirstReadingsInTheFewestDigitsAndResolvesThemBack() throws SenmlException {
        List<Reading> readings = List.of(
                new Reading("a", Quantity.PM2_5, 1, NOW),
                new Reading("b", Quantity.PM2_5, 2, NOW - 250),
                new Reading("c", Quantity.TEMPERATURE, 3, NOW + 60_000),
                new Reading("d", Quantity.PM10, 4, NOW + 1_001),
                new Reading("e", Quantity.PM10, 5, NOW - 86_400_010));

        String pack = new String(SenmlCodec.encode("gw", readings), StandardCharsets.UTF_8);

        assertEquals("[{\"bn\":\"gw/\",\"bt\":1795877531.630,\"bu\":\"ug/m3\",\"n\":\"a/pm2_5\",\"v\":1},"
                + "{\"n\":\"b/pm2_5\",\"v\":2,\"t\":-0.25},"
                + "{\"n\":\"c/temperature\",\"u\":\"Cel\",\"v\":3,\"t\":60},"
                + "{\"n\":\"d/pm10\",\"v\":4,\"t\":1.001},"
                + "{\"n\":\"e/pm10\",\"v\":5,\"t\":-86400.01}]", pack);
        assertEquals(readings, SenmlCodec.decodeReadings("gw", json(pack), NOW));
    }

    @Test
    void writesQualityOnlyWhereAReadingIsNotPlainlyGood() {
        List<Reading> readings = List.of(
                new Reading("pm", Quantity.PM2_5, 16, NOW),
                new Reading("pm", Quantity.PM10, 25, NOW,
                        new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE, QcTest.FLAT_LINE), Double.NaN)),
                new Reading("pm", Quantity.PM1_0, 12.6, NOW, new Quality(QcFlag.PASS, Set.of(), 23)),
                new Reading("ph", Quantity.PH, 7.01, NOW, new Quality(QcFlag.NOT_EVALUATED, Set.of(QcTest.WARM_UP), 7.0)),
                new Reading("ph", Quantity.ORP, 12, NOW, new Quality(QcFlag.FAIL, Set.of(), Double.NaN)));

        String pack = new String(SenmlCodec.encode("gw", readings), StandardCharsets.UTF_8);

        assertEquals("[{\"bn\":\"gw/\",\"bt\":1795877531.630,\"bu\":\"ug/m3\",\"n\":\"pm/pm2_5\",\"v\":16},"
                + "{\"n\":\"pm/pm10\",\"v\":25,\"qc\":3,\"qt\":\"flat_line,spike\"},"
                + "{\"n\":\"pm/pm1_0\",\"v\":12.6,\"raw\":23},"
                + "{\"n\":\"ph/ph\",\"u\":\"pH\",\"v\":7.01,\"qc\":2,\"qt\":\"warm_up\",\"raw\":7},"
                + "{\"n\":\"ph/orp\",\"u\":\"mV\",\"v\":12,\"qc\":4}]", pack);
        assertEquals(readings, assertDoesNotThrow(() -> SenmlCodec.decodeReadings("gw", json(pack), NOW)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "flag 9 (missing)  | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":9}]                    | 'qc' must be 1, 2, 3 or 4",
        "flag 0            | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":0}]                    | 'qc' must be 1, 2, 3 or 4",
        "fractional flag   | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3.5}]                  | 'qc' must be 1, 2, 3 or 4",
        "flag as text      | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":\"3\"}]                | 'qc' must be a number",
        "unknown test      | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3,\"qt\":\"spike,vibes\"}] | unknown test 'vibes'",
        "empty test name   | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3,\"qt\":\"\"}]        | unknown test ''",
        "test twice        | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3,\"qt\":\"spike,spike\"}] | names spike twice",
        "tests on a pass   | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qt\":\"spike\"}]          | its 'qc' is 1 (pass)",
        "tests as a number | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3,\"qt\":4}]          | 'qt' must be a string",
        "raw as text       | [{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"raw\":\"7\"}]              | 'raw' must be a number",
    })
    void rejectsMalformedQualityFields(String what, String pack, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack), NOW));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aRawValueBeyondADoubleIsRefused() {
        String pack = "[{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"raw\":1e309}]";
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack), NOW));
        assertTrue(e.getMessage().contains("'raw' is not a finite number"), e.getMessage());
    }

    @Test
    void aLongTestListIsRefusedBeforeItIsSplit() {
        String pack = "[{\"n\":\"g/s/ph\",\"u\":\"pH\",\"v\":7,\"qc\":3,\"qt\":\"" + "spike,".repeat(10_000) + "spike\"}]";
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack), NOW));
        assertTrue(e.getMessage().contains("'qt' longer than"), e.getMessage());
    }

    @Test
    void resolvesBaseFieldsAsRfc8428Says() throws SenmlException {
        byte[] pack = json("""
                [{"bn":"gw/pm/","bt":1795877500,"bu":"ug/m3","bv":10,"n":"pm2_5","v":6,"t":1.5},
                 {"n":"pm10","v":15},
                 {"bn":"gw/","n":"ph-1/ph","u":"pH","v":7,"t":-2}]
                """);
        assertEquals(List.of(
                new SenmlRecord("gw/pm/pm2_5", "ug/m3", 16, 1_795_877_501_500L),
                new SenmlRecord("gw/pm/pm10", "ug/m3", 25, 1_795_877_500_000L),
                new SenmlRecord("gw/ph-1/ph", "pH", 17, 1_795_877_498_000L)), SenmlCodec.decode(pack, NOW));
    }

    @Test
    void smallTimesAreRelativeToNow() throws SenmlException {
        List<SenmlRecord> records = SenmlCodec.decode(json("[{\"n\":\"gw/pm/pm10\",\"u\":\"ug/m3\",\"v\":1,\"t\":-10}]"), NOW);
        assertEquals(NOW - 10_000, records.get(0).timeMillis());
        records = SenmlCodec.decode(json("[{\"n\":\"gw/pm/pm10\",\"u\":\"ug/m3\",\"v\":1}]"), NOW);
        assertEquals(NOW, records.get(0).timeMillis(), "no time at all means now");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | [{"n":               | not valid JSON
            not an array             | {"n":"gw/pm/pm10"}   | a SenML pack must be a JSON array of records
            empty                    | []                   | empty pack
            record not an object     | [42]                 | record 0: must be a JSON object
            name not a string        | [{"n":5,"v":1}]      | record 0: 'n' must be a string
            value not a number       | [{"n":"gw/pm/pm10","u":"ug/m3","v":"12"}] | record 0: 'v' must be a number
            no value                 | [{"n":"gw/pm/pm10","u":"ug/m3"}] | record 0 (gw/pm/pm10): no value
            no name                  | [{"u":"ug/m3","v":1}] | record 0: no name (neither bn nor n)
            string value             | [{"n":"gw/pm/pm10","vs":"high"}] | record 0: 'vs' is not supported; records carry numeric values
            must-understand label    | [{"n":"gw/pm/pm10","u":"ug/m3","v":1,"x_":1}] | record 0: unknown must-understand label 'x_'
            duplicate label          | [{"n":"gw/pm/pm10","v":1,"v":2}] | not valid JSON: duplicate key 'v' at character 25
            """)
    void rejectsMalformedPacks(String what, String pack, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack), NOW));
        assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            another gateway's name   | [{"n":"other/pm/pm10","u":"ug/m3","v":1,"t":1795877531}] | record 0 (other/pm/pm10): name does not start with the gateway id 'gw/'
            unknown quantity         | [{"n":"gw/pm/pm4","u":"ug/m3","v":1,"t":1795877531}] | record 0 (gw/pm/pm4): unknown quantity 'pm4'
            wrong unit               | [{"n":"gw/pm/pm10","u":"mg/m3","v":1,"t":1795877531}] | record 0 (gw/pm/pm10): unit must be 'ug/m3', not 'mg/m3'
            no unit                  | [{"n":"gw/pm/pm10","v":1,"t":1795877531}] | record 0 (gw/pm/pm10): unit must be 'ug/m3', not 'null'
            no sensor                | [{"n":"gw/pm10","u":"ug/m3","v":1,"t":1795877531}] | record 0 (gw/pm10): name must be gw/<sensor>/<quantity>
            bad sensor id            | [{"n":"gw/PM/pm10","u":"ug/m3","v":1,"t":1795877531}] | record 0 (gw/PM/pm10): name must be gw/<sensor>/<quantity>
            too deep                 | [{"n":"gw/a/b/pm10","u":"ug/m3","v":1,"t":1795877531}] | record 0 (gw/a/b/pm10): name must be gw/<sensor>/<quantity>
            """)
    void rejectsReadingsThatDoNotBelongToTheGateway(String what, String pack, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decodeReadings("gw", json(pack), NOW));
        assertEquals(message, e.getMessage(), what);
    }

    @Test
    void readingsMustBeFiniteAndNamedProperly() {
        assertThrows(IllegalArgumentException.class, () -> new Reading("pm", Quantity.PM10, Double.NaN, NOW));
        assertThrows(IllegalArgumentException.class, () -> new Reading("pm", Quantity.PM10, Double.POSITIVE_INFINITY, NOW));
        assertThrows(IllegalArgumentException.class, () -> new Reading("PM 1", Quantity.PM10, 1, NOW));
    }

    @Test
    void theFindingPackWithAGiantExponentIsRefusedWithoutArithmetic() {
        byte[] pack = json("[{\"bn\":\"g/\",\"n\":\"s/pm2_5\",\"u\":\"ug/m3\",\"v\":1,\"t\":1e100000000}]");

        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decodeReadings("g", pack, NOW));

        assertEquals("not valid JSON: number 1e100000000 has an exponent beyond +-330 at character 48", e.getMessage());
        assertThrows(SenmlException.class, () -> SenmlCodec.decode(
                json("[{\"bn\":\"g/\",\"bt\":1e10000000,\"n\":\"s/pm2_5\",\"u\":\"ug/m3\",\"v\":1}]"), NOW));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            t far in the past        | [{"n":"gw/pm/pm10","u":"ug/m3","v":1,"t":-1e70}]             | record 0: 't' of -1E+70 s is beyond +-1e11 s
            t past a double          | [{"n":"gw/pm/pm10","u":"ug/m3","v":1,"t":-1e300}]            | record 0: 't' of -1E+300 s is beyond +-1e11 s
            bt far in the past       | [{"bn":"gw/","bt":-1e100,"n":"pm/pm10","u":"ug/m3","v":1}]   | record 0: 'bt' of -1E+100 s is beyond +-1e11 s
            t far ahead              | [{"n":"gw/pm/pm10","u":"ug/m3","v":1,"t":100000000000.001}]  | record 0: 't' of 100000000000.001 s is beyond +-1e11 s
            """)
    void absurdTimesAreErrorsNotNow(String what, String pack, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack), NOW));
        assertEquals(message, e.getMessage(), what);
    }

    @Test
    void timesAtTheLimitStillResolve() throws SenmlException {
        assertEquals(100_000_000_000_000L, SenmlCodec.decode(
                json("[{\"n\":\"gw/pm/pm10\",\"u\":\"ug/m3\",\"v\":1,\"t\":1e11}]"), NOW).get(0).timeMillis());
        assertEquals(NOW - 100_000_000_000_000L, SenmlCodec.decode(
                json("[{\"n\":\"gw/pm/pm10\",\"u\":\"ug/m3\",\"v\":1,\"t\":-1e11}]"), NOW).get(0).timeMillis(),
                "a negative time is relative to now");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            trailing garbage         | [{"n":"gw/pm/pm10","u":"ug/m3","v":1}]x                         | not valid JSON: data after the end of the JSON value at character 38
            two packs in one         | [{"n":"gw/pm/pm10","u":"ug/m3","v":1}][{"n":"gw/pm/pm10","u":"ug/m3","v":2}] | not valid JSON: data after the end of the JSON value at character 38
            name with a space        | [{"n":"gw/pm /pm10","u":"ug/m3","v":1}]                         | record 0: name 'gw/pm /pm10' must start with a letter or digit and hold only letters, digits and - : . / _
            name with a line break   | [{"n":"gw/pm\\n/pm10","u":"ug/m3","v":1}]                      | record 0: name 'gw/pm?/pm10' must start with a letter or digit
            unit with an escape      | [{"n":"gw/pm/pm10","u":"ug/m3\\u001b[31m","v":1}]              | record 0 (gw/pm/pm10): unit 'ug/m3?[31m' must be printable ASCII without spaces
            unit too long            | [{"n":"gw/pm/pm10","u":"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu","v":1}] | record 0 (gw/pm/pm10): unit longer than 32 characters
            """)
    void refusesLenientJsonAndUnsafeNamesAndUnits(String what, String pack, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(json(pack.replace("\\\\", "\\")), NOW));
        assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
    }

    @Test
    void refusesAPackInUtf16() {
        byte[] pack = "[{\"n\":\"gw/pm/pm10\",\"u\":\"ug/m3\",\"v\":1}]".getBytes(StandardCharsets.UTF_16LE);
        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(pack, NOW));
        assertEquals("not valid JSON: UTF-16 or UTF-32, not UTF-8", e.getMessage());
    }

    @Test
    void idsAndNamesHaveALengthLimit() throws SenmlException {
        String longest = "s".repeat(Reading.MAX_ID_LENGTH);
        assertEquals(longest, SenmlCodec.decodeReadings("gw", json("[{\"n\":\"gw/" + longest
                + "/pm10\",\"u\":\"ug/m3\",\"v\":1}]"), NOW).get(0).sensor());

        SenmlException e = assertThrows(SenmlException.class, () -> SenmlCodec.decodeReadings("gw",
                json("[{\"n\":\"gw/" + longest + "s/pm10\",\"u\":\"ug/m3\",\"v\":1}]"), NOW));
        assertTrue(e.getMessage().endsWith("name must be gw/<sensor>/<quantity>"), e.getMessage());

        e = assertThrows(SenmlException.class, () -> SenmlCodec.decode(
                json("[{\"n\":\"gw/" + "s".repeat(200_000) + "/pm10\",\"u\":\"ug/m3\",\"v\":1}]"), NOW));
        assertEquals("record 0: name longer than 256 characters", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reading(longest + "s", Quantity.PM10, 1, NOW));
        assertThrows(IllegalArgumentException.class, () -> new Topics("envgate", longest + "g"));
    }
}
