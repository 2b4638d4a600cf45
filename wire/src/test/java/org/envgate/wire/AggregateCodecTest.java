package org.envgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateCodecTest {

    private static final long NOW = 1_795_877_531_630L;
    /** 2026-11-29 10:00 UTC, a whole hour. */
    private static final long HOUR_START = 1_795_874_400_000L;

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] pack) {
        return new String(pack, StandardCharsets.UTF_8);
    }

    @Test
    void encodesEachStatisticAsARecordAtTheWindowStart() {
        Aggregates aggregates = new Aggregates(List.of(
                new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, HOUR_START, 358, 23.4, 11, 61.5, 0.995),
                new WindowStats("pm", Quantity.PM10, AggregateWindow.HOUR, HOUR_START, 0, Double.NaN, Double.NaN,
                        Double.NaN, 0)),
                List.of(new StationIndex(IndexScale.VN, AggregateWindow.HOUR, HOUR_START, 73, 2, Quantity.PM2_5)));

        assertEquals("[{\"bn\":\"gw/\",\"n\":\"pm/pm2_5/mean_1h\",\"u\":\"ug/m3\",\"v\":23.4,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm2_5/min_1h\",\"u\":\"ug/m3\",\"v\":11,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm2_5/max_1h\",\"u\":\"ug/m3\",\"v\":61.5,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm2_5/count_1h\",\"u\":\"count\",\"v\":358,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm2_5/cover_1h\",\"u\":\"/\",\"v\":0.995,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm10/count_1h\",\"u\":\"count\",\"v\":0,\"t\":1795874400.000},"
                + "{\"n\":\"pm/pm10/cover_1h\",\"u\":\"/\",\"v\":0,\"t\":1795874400.000},"
                + "{\"n\":\"_station/aqi_vn_1h\",\"v\":73,\"t\":1795874400.000,\"cat\":2,\"dom\":\"pm2_5\"}]",
                text(AggregateCodec.encode("gw", aggregates)));
    }

    @Test
    void decodesWhatItEncodesExactly() throws SenmlException {
        Aggregates aggregates = new Aggregates(List.of(
                new WindowStats("pm", Quantity.PM2_5, AggregateWindow.MINUTE, HOUR_START + 60_000, 6, 12.345678901234567,
                        0.1, 30.25, 1),
                new WindowStats("pm", Quantity.PM2_5, AggregateWindow.DAY, HOUR_START - 10 * 3_600_000L, 8_000, 7.5, 7.5,
                        7.5, 0.25),
                new WindowStats("level", Quantity.WATER_LEVEL, new AggregateWindow(15), HOUR_START, 90, -0.625, -1.5,
                        0.0001, 1),
                new WindowStats("t", Quantity.TEMPERATURE, AggregateWindow.HOUR, HOUR_START, 0, Double.NaN, Double.NaN,
                        Double.NaN, 0.5)),
                List.of(new StationIndex(IndexScale.VN, AggregateWindow.HOUR, HOUR_START, 0, 1, Quantity.PM10),
                        new StationIndex(IndexScale.VN, AggregateWindow.DAY, HOUR_START, 500, 6, Quantity.PM2_5),
                        new StationIndex(IndexScale.US, AggregateWindow.HOUR, HOUR_START, 151, 4, Quantity.PM2_5),
                        new StationIndex(IndexScale.US, AggregateWindow.DAY, HOUR_START, 150, 3, Quantity.PM2_5)));

        assertEquals(aggregates, AggregateCodec.decode("gw", AggregateCodec.encode("gw", aggregates), NOW));
    }

    @Test
    void acceptsAPackWrittenOtherwiseThatResolvesToTheSameRecords() throws SenmlException {
        String pack = """
                [{"bn":"gw/","bt":1795874400,"n":"_station/aqi_us_1h","v":51,"cat":2,"dom":"pm10","extra":"ignored"},
                 {"bn":"gw/pm/pm2_5/","bu":"ug/m3","n":"max_1h","v":30},
                 {"n":"cover_1h","u":"/","v":0.5},
                 {"n":"count_1h","u":"count","v":2},
                 {"n":"min_1h","v":10},
                 {"n":"mean_1h","v":20}]""";

        assertEquals(new Aggregates(
                        List.of(new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, HOUR_START, 2, 20, 10, 30, 0.5)),
                        List.of(new StationIndex(IndexScale.US, AggregateWindow.HOUR, HOUR_START, 51, 2, Quantity.PM10))),
                AggregateCodec.decode("gw", json(pack), NOW));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            other gateway         | {"n":"other/pm/pm2_5/count_1h","u":"count","v":1,"t":1795874400}                 | record 0 (other/pm/pm2_5/count_1h): name does not start with the gateway id
            reading name          | {"n":"gw/pm/pm2_5","u":"ug/m3","v":1,"t":1795874400}                            | record 0 (gw/pm/pm2_5): name must be gw/<sensor>/<quantity>/<stat>_<window>
            unknown quantity      | {"n":"gw/pm/dust/count_1h","u":"count","v":1,"t":1795874400}                    | record 0 (gw/pm/dust/count_1h): unknown quantity 'dust'
            unknown stat          | {"n":"gw/pm/pm2_5/median_1h","u":"ug/m3","v":1,"t":1795874400}                  | record 0 (gw/pm/pm2_5/median_1h): unknown statistic 'median'
            no window             | {"n":"gw/pm/pm2_5/mean","u":"ug/m3","v":1,"t":1795874400}                       | record 0 (gw/pm/pm2_5/mean): 'mean' must be <stat>_<window>
            7 minutes             | {"n":"gw/pm/pm2_5/count_7m","u":"count","v":1,"t":1795874400}                   | record 0 (gw/pm/pm2_5/count_7m): unknown window '7m'
            60m not 1h            | {"n":"gw/pm/pm2_5/count_60m","u":"count","v":1,"t":1795874400}                  | record 0 (gw/pm/pm2_5/count_60m): unknown window '60m'
            48h                   | {"n":"gw/pm/pm2_5/count_48h","u":"count","v":1,"t":1795874400}                  | record 0 (gw/pm/pm2_5/count_48h): unknown window '48h'
            leading zero          | {"n":"gw/pm/pm2_5/count_01h","u":"count","v":1,"t":1795874400}                  | record 0 (gw/pm/pm2_5/count_01h): unknown window '01h'
            mean unit             | {"n":"gw/pm/pm2_5/mean_1h","u":"ppm","v":1,"t":1795874400}                      | record 0 (gw/pm/pm2_5/mean_1h): unit must be 'ug/m3', not 'ppm'
            count unit            | {"n":"gw/pm/pm2_5/count_1h","v":1,"t":1795874400}                               | record 0 (gw/pm/pm2_5/count_1h): unit must be 'count', not 'null'
            cover unit            | {"n":"gw/pm/pm2_5/cover_1h","u":"%","v":1,"t":1795874400}                       | record 0 (gw/pm/pm2_5/cover_1h): unit must be '/', not '%'
            fractional count      | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":1.5,"t":1795874400}                 | record 0 (gw/pm/pm2_5/count_1h): count must be a whole number from 0 to 3600000, not 1.5
            negative count        | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":-1,"t":1795874400}                  | record 0 (gw/pm/pm2_5/count_1h): count must be a whole number
            count past the window | {"n":"gw/pm/pm2_5/count_1m","u":"count","v":60001,"t":1795874400}               | record 0 (gw/pm/pm2_5/count_1m): count must be a whole number from 0 to 60000
            cover above 1         | {"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1.01,"t":1795874400}                    | record 0 (gw/pm/pm2_5/cover_1h): cover must be from 0 to 1, not 1.01
            quality field         | {"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1,"t":1795874400,"qc":3}                | record 0 (gw/pm/pm2_5/cover_1h): 'qc' belongs to readings
            cat on a window       | {"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1,"t":1795874400,"cat":1}               | record 0 (gw/pm/pm2_5/cover_1h): 'cat' belongs to index records
            no cover              | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":0,"t":1795874400}                   | window of record 0 (gw/pm/pm2_5/count_1h) at 1795874400.000 s: a window has a count and a cover record
            start not a minute    | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":0,"t":1795874401},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":0,"t":1795874401} | window of record 0 (gw/pm/pm2_5/count_1h) at 1795874401.000 s: pm/pm2_5 1h: start must be a whole minute
            relative start        | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":0,"t":-60},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":0,"t":-60}     | start must be a whole minute
            values without count  | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":0,"t":1795874400},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":0,"t":1795874400},{"n":"gw/pm/pm2_5/mean_1h","u":"ug/m3","v":1,"t":1795874400} | window of record 0 (gw/pm/pm2_5/count_1h) at 1795874400.000 s: a window without readings (count 0) has no mean, min or max
            count without max     | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":0,"t":1795874400},{"n":"gw/pm/pm2_5/mean_1h","u":"ug/m3","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/min_1h","u":"ug/m3","v":1,"t":1795874400} | a window with readings has a mean, a min and a max
            mean above max        | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":2,"t":1795874400},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/mean_1h","u":"ug/m3","v":5,"t":1795874400},{"n":"gw/pm/pm2_5/min_1h","u":"ug/m3","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/max_1h","u":"ug/m3","v":4,"t":1795874400} | must hold min <= mean <= max, not 1.0 <= 5.0 <= 4.0
            max past plausible    | {"n":"gw/pm/pm2_5/count_1h","u":"count","v":2,"t":1795874400},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/mean_1h","u":"ug/m3","v":5,"t":1795874400},{"n":"gw/pm/pm2_5/min_1h","u":"ug/m3","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/max_1h","u":"ug/m3","v":30000,"t":1795874400} | must be within 0..20000 ug/m3
            a stat twice          | {"n":"gw/pm/pm2_5/cover_1h","u":"/","v":1,"t":1795874400},{"n":"gw/pm/pm2_5/cover_1h","u":"/","v":0.5,"t":1795874400} | record 1 (gw/pm/pm2_5/cover_1h): cover of this window twice in one pack
            unknown index         | {"n":"gw/_station/aqi_cn_1h","v":1,"t":1795874400,"cat":1,"dom":"pm2_5"}        | record 0 (gw/_station/aqi_cn_1h): unknown index; known: aqi_vn_1h
            index over 15 min     | {"n":"gw/_station/aqi_vn_15m","v":1,"t":1795874400,"cat":1,"dom":"pm2_5"}       | record 0 (gw/_station/aqi_vn_15m): unknown index
            index with a unit     | {"n":"gw/_station/aqi_vn_1h","u":"count","v":1,"t":1795874400,"cat":1,"dom":"pm2_5"} | record 0 (gw/_station/aqi_vn_1h): an index has no unit, not 'count'
            fractional index      | {"n":"gw/_station/aqi_vn_1h","v":50.5,"t":1795874400,"cat":1,"dom":"pm2_5"}     | record 0 (gw/_station/aqi_vn_1h): index must be a whole number from 0 to 500, not 50.5
            index above 500       | {"n":"gw/_station/aqi_vn_1h","v":501,"t":1795874400,"cat":6,"dom":"pm2_5"}      | record 0 (gw/_station/aqi_vn_1h): index must be a whole number from 0 to 500
            no dom                | {"n":"gw/_station/aqi_vn_1h","v":1,"t":1795874400,"cat":1}                      | record 0 (gw/_station/aqi_vn_1h): an index record carries 'cat' (its category) and 'dom'
            cat 7                 | {"n":"gw/_station/aqi_vn_1h","v":1,"t":1795874400,"cat":7,"dom":"pm2_5"}        | record 0 (gw/_station/aqi_vn_1h): 'cat' must be a category from 1 to 6, not 7
            cat as text           | {"n":"gw/_station/aqi_vn_1h","v":1,"t":1795874400,"cat":"1","dom":"pm2_5"}      | record 0 (gw/_station/aqi_vn_1h): 'cat' must be a number
            wrong cat             | {"n":"gw/_station/aqi_vn_1h","v":51,"t":1795874400,"cat":1,"dom":"pm2_5"}       | record 0 (gw/_station/aqi_vn_1h): aqi_vn_1h: index 51 is in category 2, not 1
            unknown dom           | {"n":"gw/_station/aqi_vn_1h","v":1,"t":1795874400,"cat":1,"dom":"o3"}           | record 0 (gw/_station/aqi_vn_1h): 'dom' names an unknown quantity 'o3'
            index twice           | {"n":"gw/_station/aqi_vn_1h","v":1,"t":1795874400,"cat":1,"dom":"pm2_5"},{"n":"gw/_station/aqi_vn_1h","v":2,"t":1795874400,"cat":1,"dom":"pm2_5"} | index aqi_vn_1h at 1795874400000 ms twice in one pack
            """)
    void refusesNamingTheRecord(String why, String records, String message) {
        SenmlException e = assertThrows(SenmlException.class, () -> AggregateCodec.decode("gw", json("[" + records + "]"), NOW));
        assertTrue(e.getMessage().contains(message), why + ": " + e.getMessage());
    }

    @Test
    void windowsHaveOneSpellingAndDivideTheDay() {
        assertEquals(Optional.of(AggregateWindow.MINUTE), AggregateWindow.parse("1m"));
        assertEquals(Optional.of(new AggregateWindow(90)), AggregateWindow.parse("90m"));
        assertEquals(Optional.of(AggregateWindow.HOUR), AggregateWindow.parse("1h"));
        assertEquals(Optional.of(AggregateWindow.DAY), AggregateWindow.parse("24h"));
        for (String refused : List.of("60m", "1440m", "0m", "7m", "5h", "48h", "1d", "01m", "1H", "", "1", "h", "99999m")) {
            assertEquals(Optional.empty(), AggregateWindow.parse(refused), refused);
        }
        assertEquals("15m", AggregateWindow.of(Duration.ofMinutes(15)).name());
        assertEquals("3h", AggregateWindow.of(Duration.ofHours(3)).name());
        assertThrows(IllegalArgumentException.class, () -> AggregateWindow.of(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> AggregateWindow.of(Duration.ofDays(7)));
        assertThrows(IllegalArgumentException.class, () -> AggregateWindow.of(Duration.ZERO));
        int windows = 0;
        for (int minutes = 1; minutes <= AggregateWindow.MINUTES_PER_DAY; minutes++) {
            if (AggregateWindow.MINUTES_PER_DAY % minutes == 0) {
                AggregateWindow window = new AggregateWindow(minutes);
                assertEquals(Optional.of(window), AggregateWindow.parse(window.name()));
                windows++;
            }
        }
        assertEquals(36, windows);
    }

    @Test
    void categoriesEndAtTheSameIndexOnBothScales() {
        int[][] edges = {{0, 1}, {50, 1}, {51, 2}, {100, 2}, {101, 3}, {150, 3}, {151, 4}, {200, 4}, {201, 5}, {300, 5},
                {301, 6}, {500, 6}};
        for (int[] edge : edges) {
            assertEquals(edge[1], StationIndex.categoryOf(edge[0]), "index " + edge[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> StationIndex.categoryOf(-1));
        assertThrows(IllegalArgumentException.class, () -> StationIndex.categoryOf(501));
    }

    @Test
    void aMeanFromASumStaysWithinItsValues() {
        WindowStats stats = WindowStats.of("pm", Quantity.PM2_5, AggregateWindow.MINUTE, HOUR_START, 3, 0.1 + 0.1 + 0.1,
                0.1, 0.1, 1);
        assertEquals(0.1, stats.mean());
        WindowStats empty = WindowStats.of("pm", Quantity.PM2_5, AggregateWindow.MINUTE, HOUR_START, 0, 0, 0, 0, 0);
        assertTrue(Double.isNaN(empty.mean()) && Double.isNaN(empty.min()) && Double.isNaN(empty.max()));
    }

    @Test
    void aWindowSentTwiceInOnePackIsRefused() {
        WindowStats stats = new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, HOUR_START, 1, 2, 2, 2, 0.1);
        assertThrows(IllegalArgumentException.class, () -> Aggregates.ofWindows(List.of(stats, stats)));
    }
}
