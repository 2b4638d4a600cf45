package org.envgate.simulator.scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.envgate.wire.Quantity;

/**
 * The averages and index values a scenario should make the gateway send, as JSON lines, computed
 * from the values the twins sent: for each sensor and quantity and each window of the scenario's
 * {@code aggregates:}, its {@code mean}, {@code min}, {@code max}, {@code count} and
 * {@code cover}, and the station's hourly and daily index of each index in {@code aqi:}. Names
 * and times are those of {@code P/G/aggregates} (without the gateway id): a window's records are
 * written once a later value of its series has been sent, the rest when the scenario stops.
 *
 * <p>Every value sent counts, as if every reading passed quality control; rain gauges and flow
 * meters (whose values are pulses, not readings) are left out.
 */
public final class ExpectedAggregatesFile implements Consumer<SentReading>, AutoCloseable {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private record Series(String sensor, Quantity quantity) {
    }

    /** Readings of one series in one window. */
    private static final class Stats {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double value) {
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }

    private final Path file;
    private final BufferedWriter writer;
    private final StationAveraging averaging;
    private final ToLongFunction<SentReading> gatewayTime;
    private final Map<String, Duration> intervals = new HashMap<>();
    /** Per series and window length, the windows not yet written, by start. */
    private final Map<Series, Map<Duration, TreeMap<Long, Stats>>> open = new LinkedHashMap<>();
    /** Per pollutant, every hour's statistics since the start: the index looks back 12 hours. */
    private final Map<Quantity, TreeMap<Long, Stats>> pollutantHours = new EnumMap<>(Quantity.class);
    /** Per pollutant, the time of its latest value. */
    private final Map<Quantity, Long> pollutantLatest = new EnumMap<>(Quantity.class);
    private long nextIndexHour = Long.MIN_VALUE;
    private long nextIndexDay = Long.MIN_VALUE;
    private boolean failed;

    /**
     * @param gatewayTime the time the gateway gives a value sent: the real time it was sent
     *                    ({@link SentReading#timeMillis()}) for a gateway on the real clock
     */
    public ExpectedAggregatesFile(Scenario scenario, Path file, ToLongFunction<SentReading> gatewayTime)
            throws IOException {
        this.file = file;
        this.averaging = scenario.averaging();
        this.gatewayTime = gatewayTime;
        for (ScenarioSensor sensor : scenario.sensors()) {
            if (!ScenarioPulses.isPulse(sensor.model())) {
                intervals.put(sensor.id(), sensor.interval());
            }
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Where {@code --expect FILE} puts them: {@code sent.jsonl} gives {@code sent.aggregates.jsonl}. */
    public static Path beside(Path expectedReadings) {
        String name = expectedReadings.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return expectedReadings.resolveSibling(stem + ".aggregates.jsonl");
    }

    @Override
    public synchronized void accept(SentReading reading) {
        Duration interval = intervals.get(reading.sensor());
        if (interval == null) {
            return;
        }
        long time = gatewayTime.applyAsLong(reading);
        Series series = new Series(reading.sensor(), reading.quantity());
        Map<Duration, TreeMap<Long, Stats>> windows = open.computeIfAbsent(series, s -> new LinkedHashMap<>());
        List<String> lines = new ArrayList<>();
        for (Duration length : averaging.windows()) {
            TreeMap<Long, Stats> byStart = windows.computeIfAbsent(length, l -> new TreeMap<>());
            while (!byStart.isEmpty() && end(byStart.firstKey(), length) <= time) {
                Map.Entry<Long, Stats> closed = byStart.pollFirstEntry();
                stats(series, length, closed.getKey(), closed.getValue(), lines);
            }
            byStart.computeIfAbsent(start(time, length), s -> new Stats()).add(reading.value());
        }
        if (!averaging.indexes().isEmpty() && reading.sensor().equals(averaging.pollutants().get(reading.quantity()))) {
            pollutantHours.computeIfAbsent(reading.quantity(), q -> new TreeMap<>())
                    .computeIfAbsent(start(time, HOUR), s -> new Stats()).add(reading.value());
            pollutantLatest.put(reading.quantity(), time);
            long everyPollutantAt = pollutantLatest.size() < averaging.pollutants().size() ? Long.MIN_VALUE
                    : pollutantLatest.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            indexes(everyPollutantAt, lines);
        }
        write(lines);
    }

    /** Writes every window still open and the index of the hours and day the scenario stopped in. */
    @Override
    public synchronized void close() {
        List<String> lines = new ArrayList<>();
        open.forEach((series, windows) -> windows.forEach((length, byStart) ->
                byStart.forEach((start, stats) -> stats(series, length, start, stats, lines))));
        open.clear();
        indexes(Long.MAX_VALUE, lines);
        write(lines);
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private void stats(Series series, Duration length, long start, Stats stats, List<String> lines) {
        String prefix = series.sensor() + "/" + series.quantity().id() + "/";
        String suffix = "_" + name(length);
        lines.add(record(prefix + "mean" + suffix, Double.toString(stats.sum / stats.count), start));
        lines.add(record(prefix + "min" + suffix, Double.toString(stats.min), start));
        lines.add(record(prefix + "max" + suffix, Double.toString(stats.max), start));
        lines.add(record(prefix + "count" + suffix, Long.toString(stats.count), start));
        double cover = Math.min(1.0, (double) stats.count * intervals.get(series.sensor()).toMillis()
                / (end(start, length) - start));
        lines.add(record(prefix + "cover" + suffix, Double.toString(cover), start));
    }

    /** The index of every hour and day that has closed for every pollutant by {@code closedAt}. */
    private void indexes(long closedAt, List<String> lines) {
        if (pollutantHours.isEmpty()) {
            return;
        }
        long first = pollutantHours.values().stream().mapToLong(TreeMap::firstKey).min().orElseThrow();
        long last = pollutantHours.values().stream().mapToLong(TreeMap::lastKey).max().orElseThrow();
        if (nextIndexHour == Long.MIN_VALUE) {
            nextIndexHour = first;
            nextIndexDay = start(first, DAY);
        }
        while (nextIndexHour <= last && (closedAt == Long.MAX_VALUE || end(nextIndexHour, HOUR) <= closedAt)) {
            Map<Quantity, OptionalDouble> nowCasts = new EnumMap<>(Quantity.class);
            pollutantHours.forEach((pollutant, hours) -> nowCasts.put(pollutant,
                    StationIndex.nowCast(hourlyMeansBackFrom(hours, nextIndexHour))));
            index("1h", nextIndexHour, nowCasts, lines);
            nextIndexHour = end(nextIndexHour, HOUR);
        }
        while (nextIndexDay <= last && (closedAt == Long.MAX_VALUE || end(nextIndexDay, DAY) <= closedAt)) {
            Map<Quantity, OptionalDouble> dayMeans = new EnumMap<>(Quantity.class);
            long dayEnd = end(nextIndexDay, DAY);
            pollutantHours.forEach((pollutant, hours) -> {
                List<OptionalDouble> means = new ArrayList<>();
                for (long hour = nextIndexDay; hour < dayEnd; hour = end(hour, HOUR)) {
                    means.add(mean(hours.get(hour)));
                }
                dayMeans.put(pollutant, StationIndex.dayMean(means));
            });
            index("24h", nextIndexDay, dayMeans, lines);
            nextIndexDay = dayEnd;
        }
    }

    private List<OptionalDouble> hourlyMeansBackFrom(TreeMap<Long, Stats> hours, long hour) {
        List<OptionalDouble> means = new ArrayList<>();
        long at = hour;
        for (int i = 0; i < StationIndex.NOWCAST_HOURS; i++) {
            means.add(mean(hours.get(at)));
            at = start(at - 1, HOUR);
        }
        return means;
    }

    private static OptionalDouble mean(Stats stats) {
        return stats == null ? OptionalDouble.empty() : OptionalDouble.of(stats.sum / stats.count);
    }

    private void index(String window, long start, Map<Quantity, OptionalDouble> concentrations, List<String> lines) {
        for (String index : averaging.indexes()) {
            StationIndex.of(index, concentrations).ifPresent(value -> lines.add(String.format(Locale.ROOT,
                    "{\"name\":\"_station/aqi_%s_%s\",\"value\":%d,\"cat\":%d,\"dom\":\"%s\",\"time\":%d}", index, window,
                    value.value(), value.category(), value.dominant().id(), start)));
        }
    }

    private static String record(String name, String value, long start) {
        return "{\"name\":\"" + name + "\",\"value\":" + value + ",\"time\":" + start + "}";
    }

    private void write(List<String> lines) {
        if (lines.isEmpty() || failed) {
            return;
        }
        try {
            for (String line : lines) {
                writer.write(line);
                writer.newLine();
            }
            writer.flush();
        } catch (IOException e) {
            failed = true;
            System.err.println("envgate-sim: cannot write expected averages to " + file + ": " + e.getMessage());
        }
    }

    /** The start of the window of {@code length} holding {@code time}: windows divide each local day from midnight. */
    private long start(long time, Duration length) {
        long midnight = midnight(time, 0);
        return midnight + Math.floorDiv(time - midnight, length.toMillis()) * length.toMillis();
    }

    /** The window's end; a day's last window ends at the next midnight (shorter or longer on a clock change). */
    private long end(long start, Duration length) {
        return Math.min(start + length.toMillis(), midnight(start, 1));
    }

    private long midnight(long time, int daysLater) {
        ZoneId zone = averaging.zone();
        return Instant.ofEpochMilli(time).atZone(zone).toLocalDate().plusDays(daysLater).atStartOfDay(zone)
                .toInstant().toEpochMilli();
    }

    /** {@code 1m}, {@code 15m}, {@code 1h}, {@code 24h}, as the wire names windows. */
    static String name(Duration length) {
        long minutes = length.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
