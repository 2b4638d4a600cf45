package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StationIndexTest {

    private static final OptionalDouble MISSING = OptionalDouble.empty();

    @Test
    void decisionAnnexHourlyExample() {
        // Decision 1459/QD-TCMT, 2.3.a-b: PM2.5 09:00 to 20:00 (newest first), w* = 16.5 / 26.9,
        // NowCast 20.3 ug/m3, AQI 41.
        OptionalDouble nowCast = StationIndex.nowCast(hours(20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5,
                24.7, 26.9));
        assertEquals(20.3, nowCast.getAsDouble(), 0.05);
        assertEquals(41, StationIndex.subIndex("vn", Quantity.PM2_5, nowCast.getAsDouble()));
    }

    @Test
    void decisionAnnexDailyExampleRoundsHalfUp() {
        // 2.3.c: a 24-hour mean of 55.7 ug/m3 is 109.5, published as 110.
        assertEquals(110, StationIndex.subIndex("vn", Quantity.PM2_5,
                StationIndex.dayMean(hours(Collections.nCopies(24, 55.7))).getAsDouble()));
    }

    @Test
    void nowCastNeedsTwoOfTheThreeLatestHoursAndWeighsAtLeastAHalf() {
        assertTrue(StationIndex.nowCast(List.of(MISSING, MISSING, od(30), od(30))).isEmpty());
        assertEquals(30, StationIndex.nowCast(List.of(MISSING, od(30), od(30))).getAsDouble(), 1e-12);
        // 10 and 90: w* = 0.11, so 1/2: (10 + 0.5 * 90) / 1.5.
        assertEquals(55.0 / 1.5, StationIndex.nowCast(hours(10, 90)).getAsDouble(), 1e-12);
        // A missing hour's weight is 0: (40 + 0.25 * 20) / 1.25 with w = 1/2.
        assertEquals(45.0 / 1.25, StationIndex.nowCast(List.of(od(40), MISSING, od(20))).getAsDouble(), 1e-12);
    }

    @Test
    void aDayNeedsEighteenHourlyMeans() {
        assertTrue(StationIndex.dayMean(hours(Collections.nCopies(17, 40.0))).isEmpty());
        assertEquals(40, StationIndex.dayMean(hours(Collections.nCopies(18, 40.0))).getAsDouble(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({
            "vn, pm2_5, 0, 0, 1", "vn, pm2_5, 25, 50, 1", "vn, pm2_5, 25.1, 50, 1", "vn, pm2_5, 25.5, 51, 2",
            "vn, pm2_5, 50, 100, 2", "vn, pm2_5, 80, 150, 3", "vn, pm2_5, 150, 200, 4", "vn, pm2_5, 250, 300, 5",
            "vn, pm2_5, 350, 400, 6", "vn, pm2_5, 500, 500, 6", "vn, pm2_5, 900, 500, 6",
            "vn, pm10, 50, 50, 1", "vn, pm10, 150, 100, 2", "vn, pm10, 250, 150, 3", "vn, pm10, 350, 200, 4",
            "vn, pm10, 420, 300, 5", "vn, pm10, 500, 400, 6", "vn, pm10, 600, 500, 6",
            "us, pm2_5, 9.0, 50, 1", "us, pm2_5, 9.09, 50, 1", "us, pm2_5, 9.1, 51, 2", "us, pm2_5, 35.4, 100, 2",
            "us, pm2_5, 55.5, 151, 4", "us, pm2_5, 225.5, 301, 6", "us, pm10, 54.9, 50, 1", "us, pm10, 55, 51, 2"})
    void breakpointEdges(String index, String pollutant, double concentration, int value, int category) {
        int computed = StationIndex.subIndex(index, Quantity.byId(pollutant).orElseThrow(), concentration);
        assertEquals(value, computed);
        assertEquals(category, StationIndex.category(computed));
    }

    @Test
    void theStationsIndexIsItsHighestPollutantsPm25OnATie() {
        assertEquals(new StationIndex.Value(100, 2, Quantity.PM10), StationIndex.of("vn",
                Map.of(Quantity.PM2_5, od(40), Quantity.PM10, od(150))).orElseThrow());
        assertEquals(Quantity.PM2_5, StationIndex.of("vn", Map.of(Quantity.PM2_5, od(50), Quantity.PM10, od(150)))
                .orElseThrow().dominant());
        assertTrue(StationIndex.of("vn", Map.of(Quantity.PM2_5, MISSING)).isEmpty());
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
