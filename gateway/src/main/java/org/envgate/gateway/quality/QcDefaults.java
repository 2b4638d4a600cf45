package org.envgate.gateway.quality;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.envgate.common.config.Units;
import org.envgate.wire.Quantity;

/**
 * The quality tests every sensor gets for each quantity unless its {@code qc:} says otherwise.
 * The gross range is always the model's own range and there is no user range by default (only
 * the station knows what is usual there), so the table holds the three tests that need a
 * threshold per quantity. The values, and why:
 *
 * <table>
 * <caption>Quality-control defaults per quantity (unit of the quantity; durations of the run)</caption>
 * <tr><th>quantity</th><th>flat line: tolerance, suspect after, fail after</th><th>spike: suspect, fail</th>
 *     <th>rate of change: suspect per minute</th></tr>
 * <tr><td>pm1_0, pm2_5, pm10 (and their cf=1 values), ug/m3</td><td>0, 30m, 2h</td><td>50, 200</td><td>100</td></tr>
 * <tr><td>co2, ppm</td><td>0, 1h, 6h</td><td>200, 1000</td><td>500</td></tr>
 * <tr><td>temperature, Cel</td><td>0, 6h, 24h</td><td>3, 10</td><td>1</td></tr>
 * <tr><td>humidity, %RH</td><td>0, 12h, 48h</td><td>10, 30</td><td>5</td></tr>
 * <tr><td>pressure, hPa</td><td>0, 3h, 12h</td><td>2, 10</td><td>1</td></tr>
 * <tr><td>ph, pH</td><td>0, 6h, 24h</td><td>0.5, 2</td><td>0.5</td></tr>
 * <tr><td>orp, mV</td><td>0, 6h, 24h</td><td>50, 200</td><td>50</td></tr>
 * <tr><td>conductivity, uS/cm</td><td>0, 6h, 24h</td><td>500, 5000</td><td>1000</td></tr>
 * <tr><td>tds, mg/l</td><td>0, 6h, 24h</td><td>250, 2500</td><td>500</td></tr>
 * <tr><td>salinity, ppt</td><td>0, 6h, 24h</td><td>2, 10</td><td>1</td></tr>
 * <tr><td>dissolved_oxygen, mg/l</td><td>0, 6h, 24h</td><td>2, 5</td><td>1</td></tr>
 * <tr><td>distance, water_level, m</td><td>off</td><td>0.5, 2</td><td>0.5</td></tr>
 * <tr><td>rainfall, mm; flow, l/min</td><td>off</td><td>off</td><td>off</td></tr>
 * <tr><td>formaldehyde, mg/m3</td><td>0, 12h, 2d</td><td>0.1, 0.5</td><td>0.05</td></tr>
 * </table>
 *
 * <p>Why: a flat line's tolerance is 0 (the same value, at the sensor's resolution), since every
 * sensor here resolves finer than its own noise, so a live sensor never repeats one value for
 * long. Its durations are how long a quantity can really stay at one value: a PM sensor in
 * moving air never for half an hour (its fan or laser has failed); air temperature, pH, ORP and
 * the other water quantities can hold still overnight in a calm tank, so hours; humidity sits at
 * 100 %RH through a day of monsoon rain, so half a day and two; pressure drifts by its tide of
 * about 1 hPa in a few hours. Rain gauges and flow meters read 0 for days of dry weather, and a
 * dry drain or a still reservoir gives one level for days, so their flat line is off. Spike and
 * rate of change are set well above what the quantity does between two readings of a normal
 * interval (a cigarette or a cooking fire near a PM sensor gives a real 50 ug/m3 jump; breath
 * near a CO2 sensor some hundred ppm; sun on a housing a degree a minute) and below what a
 * sensor fault gives (a full-scale jump). Rainfall comes in bursts and a pump starts a flow in
 * one step, so for them a jump is normal and both tests are off. Formaldehyde comes from an
 * electrochemical cell that resolves 0.001 mg/m3 and rests on one low value in clean air through a
 * night, so its flat line is half a day and two; real sources (new furniture, varnish, cooking, a
 * cigarette) raise a room's level over tens of minutes, while a failing cell or a whiff of
 * alcohol vapour the cell is cross-sensitive to (hand sanitiser, a cleaning spray) jumps by tenths
 * within one reading: a jump of the WHO's 30-minute guideline (0.1 mg/m3) is suspect, of half a
 * mg/m3 (a quarter of the cell's range) a fail, and 0.05 mg/m3 a minute is faster than any room
 * fills.
 */
public final class QcDefaults {

    private static final Checks PM = row(flat("30m", "2h"), new Spike(50, 200), new RateOfChange(100));
    private static final Checks WATER = row(Optional.empty(), new Spike(0.5, 2), new RateOfChange(0.5));
    private static final Checks NONE = new Checks(Optional.empty(), Optional.empty(), Optional.empty());

    /** By quantity name, so that the table also holds names a driver adds before this class learns of them. */
    private static final Map<String, Checks> BY_QUANTITY = Map.ofEntries(
            Map.entry("pm1_0", PM),
            Map.entry("pm2_5", PM),
            Map.entry("pm10", PM),
            Map.entry("pm1_0_cf1", PM),
            Map.entry("pm2_5_cf1", PM),
            Map.entry("pm10_cf1", PM),
            Map.entry("co2", row(flat("1h", "6h"), new Spike(200, 1000), new RateOfChange(500))),
            Map.entry("temperature", row(flat("6h", "24h"), new Spike(3, 10), new RateOfChange(1))),
            Map.entry("humidity", row(flat("12h", "48h"), new Spike(10, 30), new RateOfChange(5))),
            Map.entry("pressure", row(flat("3h", "12h"), new Spike(2, 10), new RateOfChange(1))),
            Map.entry("ph", row(flat("6h", "24h"), new Spike(0.5, 2), new RateOfChange(0.5))),
            Map.entry("orp", row(flat("6h", "24h"), new Spike(50, 200), new RateOfChange(50))),
            Map.entry("conductivity", row(flat("6h", "24h"), new Spike(500, 5000), new RateOfChange(1000))),
            Map.entry("tds", row(flat("6h", "24h"), new Spike(250, 2500), new RateOfChange(500))),
            Map.entry("salinity", row(flat("6h", "24h"), new Spike(2, 10), new RateOfChange(1))),
            Map.entry("dissolved_oxygen", row(flat("6h", "24h"), new Spike(2, 5), new RateOfChange(1))),
            Map.entry("distance", WATER),
            Map.entry("water_level", WATER),
            Map.entry("rainfall", NONE),
            Map.entry("flow", NONE),
            Map.entry("formaldehyde", row(flat("12h", "48h"), new Spike(0.1, 0.5), new RateOfChange(0.05))));

    private QcDefaults() {
    }

    /**
     * The default flat-line, spike and rate-of-change tests of {@code quantity}.
     *
     * @throws IllegalStateException for a quantity the table lacks (a test walks every quantity)
     */
    public static Checks of(Quantity quantity) {
        Checks checks = BY_QUANTITY.get(quantity.id());
        if (checks == null) {
            throw new IllegalStateException("no quality-control defaults for " + quantity.id());
        }
        return checks;
    }

    /** One row of the table; a test that is off by default is empty. */
    public record Checks(Optional<FlatLine> flatLine, Optional<Spike> spike, Optional<RateOfChange> rateOfChange) {

        /**
         * The row as the sensor pages show it: {@code | `pm2_5` | 0, 30m, 2h | 50, 200 | 100 |}
         * (quantity; flat line tolerance, suspect after, fail after; spike suspect, fail; rate of
         * change per minute; {@code off} for a test that is off).
         */
        public String tableRow(Quantity quantity) {
            return "| `" + quantity.id() + "` | "
                    + flatLine.map(f -> number(f.tolerance()) + ", " + Units.format(f.suspectAfter()) + ", "
                            + Units.format(f.failAfter())).orElse("off") + " | "
                    + spike.map(s -> number(s.suspect()) + ", " + number(s.fail())).orElse("off") + " | "
                    + rateOfChange.map(r -> number(r.suspectPerMinute())).orElse("off") + " |";
        }

        private static String number(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    private static Checks row(Optional<FlatLine> flatLine, Spike spike, RateOfChange rateOfChange) {
        return new Checks(flatLine, Optional.of(spike), Optional.of(rateOfChange));
    }

    private static Optional<FlatLine> flat(String suspectAfter, String failAfter) {
        return Optional.of(new FlatLine(0, parse(suspectAfter), parse(failAfter)));
    }

    private static Duration parse(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }
}
