package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainPackReaderTest {

    private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** What the fast path reads must be what the strict path reads, reading for reading. */
    private static List<Reading> sameAsStrict(String gateway, byte[] pack) throws PackDecoder.Rejection {
        List<Reading> fast = PlainPackReader.read(gateway, pack);
        assertNotNull(fast, () -> "the plain form was not read: " + new String(pack, 0, Math.min(pack.length, 200),
                StandardCharsets.UTF_8));
        assertEquals(PackDecoder.strictReadings(gateway, pack, NOW), fast);
        return fast;
    }

    @Test
    void aGatewaysPackIsReadToTheStrictPathsReadings() throws Exception {
        List<Reading> sent = List.of(
                new Reading("pm", Quantity.PM2_5, 12.5, NOW - 1000),
                new Reading("pm", Quantity.PM10, 0, NOW - 999),
                new Reading("air-1", Quantity.TEMPERATURE, -12.375, NOW - 1),
                new Reading("air-1", Quantity.HUMIDITY, 99.99, NOW),
                new Reading("ctd", Quantity.ORP, -1999.5, NOW + 123),
                new Reading("co2", Quantity.CO2, 415, NOW));
        assertEquals(sent, sameAsStrict("gw-1", SenmlCodec.encode("gw-1", sent)));
    }

    @Test
    void everyQuantityAndManySensorsInterleavedAreReadAsTheStrictPathReadsThem() throws Exception {
        // more sensors than the reader keeps for reuse, names that share prefixes, every quantity
        List<Reading> sent = new ArrayList<>();
        Quantity[] quantities = Quantity.values();
        for (int i = 0; i < 400; i++) {
            String sensor = (i % 3 == 0 ? "s" : "s-" + (i % 40)) + (i % 7 == 0 ? "x" : "");
            sent.add(new Reading(sensor, quantities[i % quantities.length], quantities[i % quantities.length].min() + i,
                    NOW - 400 + i));
        }
        List<Reading> read = sameAsStrict("gw-1", SenmlCodec.encode("gw-1", sent));
        assertEquals(sent, read);
        assertSame(read.get(3).sensor(), read.get(6).sensor(), "a sensor's id is made once a pack");
    }

    @Test
    void qualityFlagsAndRawValuesAreReadAsTheStrictPathReadsThem() throws Exception {
        List<Reading> sent = List.of(
                new Reading("pm", Quantity.PM2_5, 30.25, NOW, new Quality(QcFlag.PASS, Set.of(), 57.75)),
                new Reading("pm", Quantity.PM10, 20, NOW, new Quality(QcFlag.NOT_EVALUATED, Set.of(), Double.NaN)),
                new Reading("pm", Quantity.PM1_0, 7, NOW, new Quality(QcFlag.SUSPECT, Set.of(), 6.5)));
        assertEquals(sent, sameAsStrict("gw", SenmlCodec.encode("gw", sent)));
    }

    @Test
    void valuesOfEveryLengthAndScaleReadAsBigDecimalReadsThem() throws Exception {
        Random random = new Random(17);
        List<Reading> sent = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int decimals = random.nextInt(8);
            double value = Math.round(random.nextDouble() * 2000 * Math.pow(10, decimals)) / Math.pow(10, decimals) - 1000;
            sent.add(new Reading("s" + i, Quantity.ORP, value, NOW - random.nextInt(1_000_000)));
        }
        sent.add(new Reading("tiny", Quantity.ORP, 0.000123456789, NOW));
        sent.add(new Reading("long", Quantity.ORP, 1234.56789012345, NOW));
        // calibrated values have 16 or 17 digits: these take Double.parseDouble, the shorter ones a division
        assertEquals(sent, sameAsStrict("gw", SenmlCodec.encode("gw", sent)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600.5} ]",
        "[ {\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600.5}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":1.2e1,\"t\":1767225600.5}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600.5001}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":-5}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600,\"qc\":3,\"qt\":\"spike\"}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"v\":12,\"u\":\"ug/m3\",\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm\\/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]",
        "[{\"bn\":\"gw/pm/\",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":012,\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ppm\",\"v\":12,\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm3\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]x",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600},]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600,\"x_\":1}]",
        "[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":1.0000000000000000000000000000000001,\"t\":1767225600}]",
        "[{\"bn\":\"other/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]",
        "[{\"bn\":\"gw/\",\"n\":\"p\u00e9/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":1767225600}]",
        "[]",
        ""
    })
    void anythingOutsideThePlainFormIsLeftToTheStrictPath(String pack) {
        assertNull(PlainPackReader.read("gw", pack.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aGatewayIdThatIsNoSenmlNameStartIsLeftToTheStrictPath() {
        byte[] pack = SenmlCodec.encode("-gw", List.of(new Reading("pm", Quantity.PM2_5, 1, NOW)));
        assertNull(PlainPackReader.read("-gw", pack));
    }

    @Test
    void aFlaggedReadingWithItsTestsIsLeftToTheStrictPath() {
        byte[] pack = SenmlCodec.encode("gw", List.of(new Reading("pm", Quantity.PM2_5, 1, NOW,
                new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN))));
        assertNull(PlainPackReader.read("gw", pack));
    }
}
