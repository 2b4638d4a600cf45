package org.envgate.gateway.aqi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected values are published numbers: the worked examples of Decision 1459/QD-TCMT
 * (section 2.3), the indexes the breakpoint tables give at their edges, and hand arithmetic
 * on one table row where a value between edges is needed (written out in the comment).
 */
class AqiTest {

    private static final OptionalDouble MISSING = OptionalDouble.empty();

    /** Decision 1459, section 2.3.a: PM2.5 hourly means 09:00 to 20:00, here newest first. */
    private static final List<OptionalDouble> ANNEX_PM25_NEWEST_FIRST = hours(
            20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9);

    @Test
    void annexNowCastIs20point3AndItsHourlyIndex41() {
        // 2.3.a: w* = 16.5 / 26.9 = 0.61, NowCast = 20.3 ug/m3; 2.3.b: AQI(PM2.5) = 41.
        SubIndex pm25 = Aqi.VN.hourly(Quantity.PM2_5, ANNEX_PM25_NEWEST_FIRST).orElseThrow();
        assertEquals(20.3, pm25.concentration(), 0.05);
        assertEquals(41, pm25.value());
        assertEquals(Category.GOOD, pm25.category());
        assertEquals(41, Aqi.VN.subIndex(Quantity.PM2_5, 20.3).value());
    }

    @Test
    void annexDailyIndex110() {
        // 2.3.c: PM2.5 24-hour mean 55.7 ug/m3 -> AQI(PM2.5) = 110 (109.5 rounded up).
        assertEquals(110, Aqi.VN.subIndex(Quantity.PM2_5, 55.7).value());
        SubIndex day = Aqi.VN.daily(Quantity.PM2_5, hours(Collections.nCopies(24, 55.7))).orElseThrow();
        assertEquals(110, day.value());
        assertEquals(Category.POOR, day.category());
    }

    @Test
    void airNowTrainingExampleNowCastIs17point4() {
        // AirNow's "Computing the NowCast": hours oldest first 50 80 75 90 82 53 64 74 21 10 16 13,
        // weight 1 - 80 / 90 = 0.11, so 0.5; NowCast 17.4 ug/m3.
        List<OptionalDouble> newestFirst = hours(13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50);
        SubIndex us = Aqi.US.hourly(Quantity.PM2_5, newestFirst).orElseThrow();
        assertEquals(17.4, us.concentration());
        // 2024 table: 51 + (100 - 51) / (35.4 - 9.1) * (17.4 - 9.1) = 66.46 -> 66.
        assertEquals(66, us.value());
        // VN_AQI: 50 / 25 * 17.4 = 34.8 -> 35.
        assertEquals(35, Aqi.VN.hourly(Quantity.PM2_5, newestFirst).orElseThrow().value());
    }

    @ParameterizedTest(name = "VN_AQI pm2_5 {0} ug/m3 -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | 0   | GOOD
            12     | 24  | GOOD
            20     | 40  | GOOD
            24.9   | 50  | GOOD
            25     | 50  | GOOD
            25.1   | 50  | GOOD
            25.24  | 50  | GOOD
            25.25  | 51  | MODERATE
            49.9   | 100 | MODERATE
            50     | 100 | MODERATE
            50.1   | 100 | MODERATE
            50.3   | 101 | POOR
            79.9   | 150 | POOR
            80     | 150 | POOR
            80.1   | 150 | POOR
            80.7   | 151 | BAD
            149.9  | 200 | BAD
            150    | 200 | BAD
            150.5  | 201 | VERY_BAD
            249.9  | 300 | VERY_BAD
            250    | 300 | VERY_BAD
            250.5  | 301 | HAZARDOUS
            350    | 400 | HAZARDOUS
            350.1  | 400 | HAZARDOUS
            499.9  | 500 | HAZARDOUS
            500    | 500 | HAZARDOUS
            800    | 500 | HAZARDOUS
            """)
    void vnPm25Edges(double concentration, int index, Category category) {
        // Between edges, e.g. 25.25: 50 + (100 - 50) / (50 - 25) * 0.25 = 50.5 -> 51;
        // 50.3: 100 + 50 / 30 * 0.3 = 100.5 -> 101; 80.7: 150 + 50 / 70 * 0.7 = 150.5 -> 151.
        assertIndex(Aqi.VN, Quantity.PM2_5, concentration, index, category);
    }

    @ParameterizedTest(name = "VN_AQI pm10 {0} ug/m3 -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | 0   | GOOD
            49.9   | 50  | GOOD
            50     | 50  | GOOD
            50.5   | 50  | GOOD
            51     | 51  | MODERATE
            150    | 100 | MODERATE
            150.5  | 100 | MODERATE
            151    | 101 | POOR
            250    | 150 | POOR
            251    | 151 | BAD
            350    | 200 | BAD
            350.35 | 201 | VERY_BAD
            420    | 300 | VERY_BAD
            420.4  | 301 | HAZARDOUS
            500    | 400 | HAZARDOUS
            599.9  | 500 | HAZARDOUS
            600    | 500 | HAZARDOUS
            900    | 500 | HAZARDOUS
            """)
    void vnPm10Edges(double concentration, int index, Category category) {
        // 51: 50 + 50 / 100 * 1 = 50.5 -> 51; 350.35: 200 + 100 / 70 * 0.35 = 200.5 -> 201;
        // 420.4: 300 + 100 / 80 * 0.4 = 300.5 -> 301.
        assertIndex(Aqi.VN, Quantity.PM10, concentration, index, category);
    }

    @ParameterizedTest(name = "US AQI pm2_5 {0} ug/m3 -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | 0   | GOOD
            8.9    | 49  | GOOD
            9.0    | 50  | GOOD
            9.09   | 50  | GOOD
            9.1    | 51  | MODERATE
            12.0   | 56  | MODERATE
            20     | 71  | MODERATE
            35.4   | 100 | MODERATE
            35.49  | 100 | MODERATE
            35.5   | 101 | POOR
            55.4   | 150 | POOR
            55.5   | 151 | BAD
            125.4  | 200 | BAD
            125.5  | 201 | VERY_BAD
            225.4  | 300 | VERY_BAD
            225.5  | 301 | HAZARDOUS
            325.4  | 500 | HAZARDOUS
            325.5  | 500 | HAZARDOUS
            600    | 500 | HAZARDOUS
            """)
    void usPm25Edges(double concentration, int index, Category category) {
        // Truncated to 0.1 first (9.09 -> 9.0, 35.49 -> 35.4). 8.9: 50 / 9.0 * 8.9 = 49.4 -> 49;
        // 12.0, good before 2024: 51 + 49 / 26.3 * 2.9 = 56.4 -> 56; 20: 51 + 49 / 26.3 * 10.9 = 71.3 -> 71.
        assertIndex(Aqi.US, Quantity.PM2_5, concentration, index, category);
    }

    @ParameterizedTest(name = "US AQI pm10 {0} ug/m3 -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | 0   | GOOD
            54     | 50  | GOOD
            54.9   | 50  | GOOD
            55     | 51  | MODERATE
            154    | 100 | MODERATE
            155    | 101 | POOR
            254    | 150 | POOR
            255    | 151 | BAD
            354    | 200 | BAD
            355    | 201 | VERY_BAD
            424    | 300 | VERY_BAD
            425    | 301 | HAZARDOUS
            604    | 500 | HAZARDOUS
            605    | 500 | HAZARDOUS
            """)
    void usPm10Edges(double concentration, int index, Category category) {
        assertIndex(Aqi.US, Quantity.PM10, concentration, index, category);
    }

    @Test
    void aMeanBelowZeroCountsAsZero() {
        assertEquals(0, Aqi.VN.subIndex(Quantity.PM2_5, -1.5).value());
        assertEquals(0, Aqi.US.subIndex(Quantity.PM10, -3).value());
    }

    @Test
    void onlyDustHasATable() {
        assertThrows(IllegalArgumentException.class, () -> Aqi.VN.subIndex(Quantity.CO2, 400));
        assertThrows(IllegalArgumentException.class, () -> Aqi.US.hourly(Quantity.PM1_0, hours(5, 5, 5)));
    }

    @Test
    void hourlyIndexIsAbsentWithoutTwoOfTheThreeLatestHours() {
        for (Aqi aqi : Aqi.values()) {
            assertTrue(aqi.hourly(Quantity.PM2_5, List.of()).isEmpty(), "no hours");
            assertTrue(aqi.hourly(Quantity.PM2_5, hours(30)).isEmpty(), "only the latest hour");
            assertTrue(aqi.hourly(Quantity.PM2_5, List.of(MISSING, MISSING, od(30), od(30), od(30))).isEmpty(),
                    "the two latest hours missing");
            assertTrue(aqi.hourly(Quantity.PM2_5, List.of(od(30), MISSING, MISSING, od(30), od(30))).isEmpty(),
                    "the second and third hours missing");
            List<OptionalDouble> elevenOfTwelve = new ArrayList<>(Collections.nCopies(12, od(30)));
            elevenOfTwelve.set(1, MISSING);
            elevenOfTwelve.set(2, MISSING);
            assertTrue(aqi.hourly(Quantity.PM10, elevenOfTwelve).isEmpty(), "ten older hours do not make up for it");

            assertTrue(aqi.hourly(Quantity.PM2_5, hours(30, 30)).isPresent(), "two latest hours");
            assertTrue(aqi.hourly(Quantity.PM2_5, List.of(MISSING, od(30), od(30))).isPresent(), "second and third hours");
            assertTrue(aqi.hourly(Quantity.PM2_5, List.of(od(30), MISSING, od(30))).isPresent(), "first and third hours");
        }
    }

    @Test
    void nowCastOfASteadyConcentrationIsThatConcentrationWhateverHoursAreMissing() {
        assertEquals(30.0, NowCast.of(hours(Collections.nCopies(12, 30.0))).getAsDouble(), 1e-9);
        List<OptionalDouble> gaps = List.of(od(30), MISSING, od(30), MISSING, MISSING, od(30),
                MISSING, MISSING, MISSING, MISSING, MISSING, od(30));
        assertEquals(30.0, NowCast.of(gaps).getAsDouble(), 1e-9);
        assertEquals(0.0, NowCast.of(hours(0, 0, 0)).getAsDouble());
    }

    @Test
    void nowCastLooksBackTwelveHoursOnly() {
        List<OptionalDouble> thirteen = new ArrayList<>(ANNEX_PM25_NEWEST_FIRST);
        thirteen.add(od(900));
        assertEquals(NowCast.of(ANNEX_PM25_NEWEST_FIRST), NowCast.of(thirteen));
    }

    @Test
    void usHourlyIndexTruncatesTheNowCast() {
        // A steady 35.47 ug/m3 has the NowCast 35.47, truncated to 35.4: the top of Moderate.
        SubIndex pm25 = Aqi.US.hourly(Quantity.PM2_5, hours(Collections.nCopies(12, 35.47))).orElseThrow();
        assertEquals(35.4, pm25.concentration());
        assertEquals(100, pm25.value());
        SubIndex pm10 = Aqi.US.hourly(Quantity.PM10, hours(Collections.nCopies(12, 154.9))).orElseThrow();
        assertEquals(154.0, pm10.concentration());
        assertEquals(100, pm10.value());
    }

    @Test
    void dailyIndexNeedsEighteenHours() {
        List<OptionalDouble> day = new ArrayList<>(hours(Collections.nCopies(18, 55.7)));
        day.addAll(Collections.nCopies(6, MISSING));
        assertEquals(110, Aqi.VN.daily(Quantity.PM2_5, day).orElseThrow().value());
        day.set(0, MISSING);
        assertTrue(Aqi.VN.daily(Quantity.PM2_5, day).isEmpty());
        assertTrue(Aqi.US.daily(Quantity.PM2_5, day).isEmpty());
        assertTrue(Aqi.VN.daily(Quantity.PM10, List.of()).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> Aqi.VN.daily(Quantity.PM10, hours(Collections.nCopies(25, 10.0))));
    }

    @Test
    void dailyMeanIsTheMeanOfTheHoursPresent() {
        List<OptionalDouble> day = new ArrayList<>(hours(Collections.nCopies(9, 40.0)));
        day.addAll(hours(Collections.nCopies(9, 60.0)));
        day.addAll(Collections.nCopies(6, MISSING));
        assertEquals(50.0, DailyMean.of(day).getAsDouble(), 1e-9);
    }

    @Test
    void stationIndexIsTheHighestAndNamesItsPollutant() {
        SubIndex pm25 = Aqi.VN.subIndex(Quantity.PM2_5, 20.3);
        SubIndex pm10 = Aqi.VN.subIndex(Quantity.PM10, 151);
        assertEquals(new IndexValue(101, Category.POOR, Quantity.PM10), IndexValue.of(List.of(pm25, pm10)).orElseThrow());
        assertEquals(new IndexValue(41, Category.GOOD, Quantity.PM2_5), IndexValue.of(List.of(pm25)).orElseThrow());
        assertTrue(IndexValue.of(List.of()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new IndexValue(101, Category.GOOD, Quantity.PM10));
    }

    @Test
    void onATieTheDominantIsPm25() {
        SubIndex pm10 = Aqi.VN.subIndex(Quantity.PM10, 50);
        SubIndex pm25 = Aqi.VN.subIndex(Quantity.PM2_5, 25);
        assertEquals(Quantity.PM2_5, IndexValue.of(List.of(pm10, pm25)).orElseThrow().dominant());
    }

    @ParameterizedTest(name = "{0}: {1} {2}-{3}, {4}, {5} / {6} / {7}")
    @CsvSource(delimiter = '|', textBlock = """
            GOOD      | 1 | 0   | 50  | 0;228;0    | Tốt        | Good      | Good
            MODERATE  | 2 | 51  | 100 | 255;255;0  | Trung bình | Moderate  | Moderate
            POOR      | 3 | 101 | 150 | 255;126;0  | Kém        | Poor      | Unhealthy for Sensitive Groups
            BAD       | 4 | 151 | 200 | 255;0;0    | Xấu        | Bad       | Unhealthy
            VERY_BAD  | 5 | 201 | 300 | 143;63;151 | Rất xấu    | Very bad  | Very Unhealthy
            HAZARDOUS | 6 | 301 | 500 | 126;0;35   | Nguy hại   | Hazardous | Hazardous
            """)
    void categoriesOfTable1(Category category, int number, int low, int high, String rgb,
                            String vietnamese, String english, String epaName) {
        assertEquals(number, category.number());
        assertEquals(category, Category.of(low));
        assertEquals(category, Category.of(high));
        assertEquals(rgb, category.rgb());
        assertEquals(vietnamese, category.vietnamese());
        assertEquals(english, category.english());
        assertEquals(epaName, category.epaName());
    }

    @Test
    void categoryColoursForPages() {
        assertEquals("#00e400", Category.GOOD.hex());
        assertEquals("#7e0023", Category.HAZARDOUS.hex());
        assertThrows(IllegalArgumentException.class, () -> Category.of(501));
        assertThrows(IllegalArgumentException.class, () -> Category.of(-1));
    }

    @Test
    void indexesAreNamedAsInTheConfig() {
        assertEquals("vn", Aqi.VN.id());
        assertEquals(Aqi.US, Aqi.byId("us").orElseThrow());
        assertTrue(Aqi.byId("eu").isEmpty());
    }

    private static void assertIndex(Aqi aqi, Quantity pollutant, double concentration, int index, Category category) {
        SubIndex sub = aqi.subIndex(pollutant, concentration);
        assertEquals(index, sub.value());
        assertEquals(category, sub.category());
    }

    private static OptionalDouble od(double value) {
        return OptionalDouble.of(value);
    }

    private static List<OptionalDouble> hours(double... means) {
        return DoubleStream.of(means).mapToObj(OptionalDouble::of).toList();
    }

    private static List<OptionalDouble> hours(List<Double> means) {
        return means.stream().map(OptionalDouble::of).toList();
    }
}
