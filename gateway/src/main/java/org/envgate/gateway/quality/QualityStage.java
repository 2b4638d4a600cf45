package org.envgate.gateway.quality;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.Resolution;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.gateway.poll.Sample;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.tinylog.Logger;

/**
 * Real-time quality control and calibration, between the pollers and everything after them
 * (the buffer, the status page): every reading of every sample goes on, one by one, with its
 * {@link Quality}. Nothing is held back, dropped or changed, except the value a calibration
 * changes (the value as read is then kept as {@link Quality#raw()}).
 *
 * <p>For each reading, in this order:
 * <ol>
 * <li><b>Calibration</b> ({@link Calibration}): {@code v = slope * x + offset + sum(coefficient *
 * term)}, each term the latest value sent of that sensor's quantity; within one sample, readings
 * whose calibration has no term on their own sensor are done first, so a term on another quantity
 * of the same sensor uses this poll's value. The result is rounded to one decimal digit finer
 * than the sensor's resolution ({@link #calibratedResolution}). When a term has had no reading
 * within {@value #TERM_INTERVALS} of its sensor's intervals, the value is sent uncalibrated (no
 * raw) and flagged suspect by {@code calibration_age}; a calibration past its {@code max-age} at
 * the reading's time is flagged suspect by the same test. A calibration whose result is beyond
 * any number (an overflow) leaves the value as read, failed by {@code gross_range}.</li>
 * <li><b>Gross range</b> on the value sent (calibrated or not): outside the model's range (or the
 * narrower configured one) fails, outside the {@code user-range} is suspect.</li>
 * <li><b>Warm-up</b>: a reading of the sensor's warm-up is flagged 2 (not evaluated) by
 * {@code warm_up} and is not judged by, nor remembered for, the tests below.</li>
 * <li><b>Flat line</b> ({@link FlatLine}), <b>spike</b> ({@link Spike}) and <b>rate of change</b>
 * ({@link RateOfChange}) on the value as the sensor read it: they judge the sensor, and a
 * calibration term (humidity moving a PM value) must not hide a stuck sensor or make a spike.
 * Their durations are measured on the monotonic stamps of the readings, which a clock set by NTP
 * does not move. Spike and rate of change need the readings before: after a gap of more than
 * {@value #TERM_INTERVALS} intervals they start afresh and pass until they have them; the flat
 * line's run goes on across gaps (a stuck sensor stays stuck while its port is away).</li>
 * </ol>
 * The flag is the worst of all; the tests named are those that gave 2, 3 or 4.
 *
 * <p>Pollers call {@link #accept} from their own threads; samples are checked one at a time.
 */
public final class QualityStage implements Consumer<Sample> {

    /** A term or a predecessor older than this many intervals of its sensor is too old to use. */
    public static final int TERM_INTERVALS = 3;

    private final Map<String, Station> sensors = new HashMap<>();
    private final Consumer<TakenReading> next;
    /** The latest value sent of each sensor's quantity, with its monotonic stamp: the calibration terms' inputs. */
    private final Map<Term, Latest> latest = new HashMap<>();
    private final Map<Key, Series> series = new HashMap<>();
    /** Calibrations now sending uncalibrated for lack of a term, so that the change is logged once. */
    private final Set<Key> lackingTerm = new HashSet<>();

    /** @param next receives every reading, checked, in the order of its sample */
    public QualityStage(List<SensorConfig> configs, Consumer<TakenReading> next) {
        for (SensorConfig config : configs) {
            Map<Quantity, Resolution> calibrated = new HashMap<>();
            RangeCheckedDriver.resolutions(config.provider(), config.options())
                    .forEach((quantity, resolution) -> calibrated.put(quantity, calibratedResolution(resolution)));
            sensors.put(config.id(), new Station(config, calibrated));
        }
        this.next = next;
    }

    /**
     * The step calibrated values of a quantity are rounded to: one decimal digit finer than the
     * sensor resolves ({@code 1} gives {@code 0.1}, {@code 0.01} gives {@code 0.001}, a DS18B20's
     * {@code 0.0625} gives {@code 0.00001}), so a calibration adds no false precision beyond one
     * digit and no binary noise, and two calibrated values that differ in the sensor's last digit
     * stay apart.
     */
    public static Resolution calibratedResolution(Resolution sensor) {
        return new Resolution(BigDecimal.ONE.movePointLeft(Math.max(sensor.step().scale(), 0) + 1));
    }

    @Override
    public synchronized void accept(Sample sample) {
        Station station = sensors.get(sample.sensor());
        if (station == null) {
            throw new IllegalArgumentException("sensor " + sample.sensor() + " is not one of this gateway's");
        }
        List<Reading> readings = sample.readings();
        Reading[] checked = new Reading[readings.size()];
        for (boolean ownTerms : new boolean[] {false, true}) {
            for (int i = 0; i < readings.size(); i++) {
                if (station.hasOwnTerm(readings.get(i).quantity()) == ownTerms) {
                    checked[i] = check(station, sample, readings.get(i));
                }
            }
        }
        for (Reading reading : checked) {
            next.accept(sample.taken(reading));
        }
    }

    private Reading check(Station station, Sample sample, Reading reading) {
        Quantity quantity = reading.quantity();
        Key key = new Key(reading.sensor(), quantity);
        Verdict verdict = new Verdict();
        double read = reading.value();
        double value = read;
        double raw = Double.NaN;

        Calibration calibration = station.quality().calibrations().get(quantity);
        if (calibration != null) {
            List<Term> missing = missingTerms(calibration, sample.monoMillis());
            logTermChange(station, key, missing);
            double calibrated = missing.isEmpty() ? calibrate(calibration, read) : Double.NaN;
            if (missing.isEmpty() && !Double.isFinite(calibrated)) {
                // Beyond any range: no number to send, so the value as read goes, failed.
                verdict.add(QcFlag.FAIL, QcTest.GROSS_RANGE);
            } else if (missing.isEmpty()) {
                value = station.calibrated().get(quantity).round(calibrated);
                raw = read;
            } else {
                verdict.add(QcFlag.SUSPECT, QcTest.CALIBRATION_AGE);
            }
            if (calibration.tooOldAt(reading.timeMillis())) {
                verdict.add(QcFlag.SUSPECT, QcTest.CALIBRATION_AGE);
            }
        }

        QuantityChecks checks = station.quality().checks().get(quantity);
        if (checks.grossRange().isPresent() && !checks.grossRange().get().contains(value)) {
            verdict.add(QcFlag.FAIL, QcTest.GROSS_RANGE);
        } else if (checks.userRange().isPresent() && !checks.userRange().get().contains(value)) {
            verdict.add(QcFlag.SUSPECT, QcTest.GROSS_RANGE);
        }

        if (sample.warmingUp()) {
            verdict.add(QcFlag.NOT_EVALUATED, QcTest.WARM_UP);
        } else {
            Series history = series.computeIfAbsent(key, k -> new Series());
            history.judge(checks, read, sample.monoMillis(), station.intervalMillis() * TERM_INTERVALS, verdict);
        }

        latest.put(new Term(reading.sensor(), quantity), new Latest(value, sample.monoMillis()));
        return new Reading(reading.sensor(), quantity, value, reading.timeMillis(), verdict.quality(raw));
    }

    private double calibrate(Calibration calibration, double read) {
        double value = calibration.slope() * read + calibration.offset();
        for (Map.Entry<Term, Double> term : calibration.terms().entrySet()) {
            value += term.getValue() * latest.get(term.getKey()).value();
        }
        return value;
    }

    /** The terms with no reading within {@value #TERM_INTERVALS} intervals of their sensor before {@code monoMillis}. */
    private List<Term> missingTerms(Calibration calibration, long monoMillis) {
        List<Term> missing = new ArrayList<>();
        for (Term term : calibration.terms().keySet()) {
            Latest input = latest.get(term);
            long maxAge = sensors.get(term.sensor()).intervalMillis() * TERM_INTERVALS;
            if (input == null || monoMillis - input.monoMillis() > maxAge) {
                missing.add(term);
            }
        }
        return missing;
    }

    private void logTermChange(Station station, Key key, List<Term> missing) {
        String where = "sensor " + key.sensor() + " (" + station.config().model() + " on " + station.config().port() + ")";
        if (!missing.isEmpty() && lackingTerm.add(key)) {
            Logger.warn("{}: calibration of {} needs {}, which had no reading in the last {} intervals of its sensor; "
                    + "sending {} uncalibrated, flagged suspect (calibration_age)", where, key.quantity(), missing,
                    TERM_INTERVALS, key.quantity());
        } else if (missing.isEmpty() && lackingTerm.remove(key)) {
            Logger.info("{}: calibration of {} has all its terms again; sending it calibrated", where, key.quantity());
        }
    }

    /** One sensor as the stage needs it. */
    private record Station(SensorConfig config, Map<Quantity, Resolution> calibrated) {

        SensorQuality quality() {
            return config.quality();
        }

        long intervalMillis() {
            return config.interval().toMillis();
        }

        /** Whether the calibration of {@code quantity} has a term on another quantity of this same sensor. */
        boolean hasOwnTerm(Quantity quantity) {
            Calibration calibration = quality().calibrations().get(quantity);
            return calibration != null && calibration.terms().keySet().stream().anyMatch(t -> t.sensor().equals(config.id()));
        }
    }

    private record Key(String sensor, Quantity quantity) {
    }

    private record Latest(double value, long monoMillis) {
    }

    /** The results of a reading's tests, combined as QARTOD does: the worst flag, and every test that flagged. */
    static final class Verdict {
        private QcFlag flag = QcFlag.PASS;
        private final Set<QcTest> tests = EnumSet.noneOf(QcTest.class);

        void add(QcFlag result, QcTest test) {
            if (result != QcFlag.PASS) {
                flag = flag.worst(result);
                tests.add(test);
            }
        }

        Quality quality(double raw) {
            return new Quality(flag, tests, raw);
        }
    }

    /** What the history tests remember of one sensor's quantity: its flat-line run and its last two readings. */
    private static final class Series {
        private boolean inRun;
        private double runStart;
        private long runStartMono;
        private int known;
        private double beforeLast;
        private double last;
        private long lastMono;

        void judge(QuantityChecks checks, double value, long mono, long maxGapMillis, Verdict verdict) {
            if (checks.flatLine().isPresent()) {
                FlatLine flatLine = checks.flatLine().get();
                if (inRun && flatLine.sameRun(runStart, value)) {
                    verdict.add(flatLine.judge(mono - runStartMono), QcTest.FLAT_LINE);
                } else {
                    inRun = true;
                    runStart = value;
                    runStartMono = mono;
                }
            }
            if (known > 0 && mono - lastMono > maxGapMillis) {
                known = 0;
            }
            if (known >= 2 && checks.spike().isPresent()) {
                verdict.add(checks.spike().get().judge(beforeLast, last, value), QcTest.SPIKE);
            }
            if (known >= 1 && checks.rateOfChange().isPresent()) {
                verdict.add(checks.rateOfChange().get().judge(last, value, mono - lastMono), QcTest.RATE_OF_CHANGE);
            }
            beforeLast = last;
            last = value;
            lastMono = mono;
            known = Math.min(known + 1, 2);
        }
    }
}
