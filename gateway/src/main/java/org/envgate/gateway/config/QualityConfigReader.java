package org.envgate.gateway.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigMap;
import org.envgate.drivers.ValueRange;
import org.envgate.gateway.quality.Calibration;
import org.envgate.gateway.quality.FlatLine;
import org.envgate.gateway.quality.QcDefaults;
import org.envgate.gateway.quality.QuantityChecks;
import org.envgate.gateway.quality.RateOfChange;
import org.envgate.gateway.quality.SensorQuality;
import org.envgate.gateway.quality.Spike;
import org.envgate.gateway.quality.Term;
import org.envgate.wire.Quantity;

/**
 * Reads a sensor's {@code qc:} and {@code calibration:} sections (README, "Quality control and
 * calibration"): per quantity the model reports, each test's settings over the defaults of
 * {@link QcDefaults}, or {@code off}; and a linear calibration with its provenance. Terms that
 * name other sensors are checked by {@link #checkTerms} once every sensor is known.
 */
final class QualityConfigReader {

    static final Set<String> QC_KEYS = Set.of("gross-range", "user-range", "flat-line", "spike", "rate-of-change");
    static final Set<String> FLAT_LINE_KEYS = Set.of("tolerance", "suspect-after", "fail-after");
    static final Set<String> SPIKE_KEYS = Set.of("suspect", "fail");
    static final Set<String> RATE_OF_CHANGE_KEYS = Set.of("suspect-per-minute");
    static final Set<String> CALIBRATION_KEYS = Set.of("slope", "offset", "terms", "date", "reference", "max-age");

    private QualityConfigReader() {
    }

    /** @param ranges the model's range of each quantity it reports, with this sensor's options */
    static SensorQuality read(ConfigMap sensor, String model, Set<Quantity> reported, Map<Quantity, ValueRange> ranges)
            throws ConfigException {
        Map<Quantity, ConfigMap> qcMaps = byQuantity(sensor.map("qc"), model, reported);
        Map<Quantity, QuantityChecks> checks = new EnumMap<>(Quantity.class);
        for (Quantity quantity : reported) {
            checks.put(quantity, checks(qcMaps.get(quantity), QcDefaults.of(quantity), ranges.get(quantity)));
        }
        Map<Quantity, Calibration> calibrations = new EnumMap<>(Quantity.class);
        for (Map.Entry<Quantity, ConfigMap> entry : byQuantity(sensor.map("calibration"), model, reported).entrySet()) {
            calibrations.put(entry.getKey(), calibration(entry.getValue()));
        }
        return new SensorQuality(checks, calibrations);
    }

    /** Each quantity's mapping in a {@code qc:} or {@code calibration:} section; its keys must be quantities of the model. */
    private static Map<Quantity, ConfigMap> byQuantity(Optional<ConfigMap> section, String model,
                                                       Set<Quantity> reported) throws ConfigException {
        Map<Quantity, ConfigMap> maps = new EnumMap<>(Quantity.class);
        if (section.isEmpty()) {
            return maps;
        }
        for (String key : section.get().keys()) {
            Optional<Quantity> quantity = Quantity.byId(key).filter(reported::contains);
            if (quantity.isEmpty()) {
                throw section.get().error(key, "'" + key + "' is not a quantity this " + model
                        + " sensor reports (" + names(reported) + ")");
            }
            maps.put(quantity.get(), section.get().requiredMap(key));
        }
        return maps;
    }

    private static QuantityChecks checks(ConfigMap qc, QcDefaults.Checks defaults, ValueRange modelRange)
            throws ConfigException {
        if (qc == null) {
            return new QuantityChecks(Optional.of(modelRange), Optional.empty(), defaults.flatLine(), defaults.spike(),
                    defaults.rateOfChange());
        }
        qc.allowOnly(QC_KEYS);
        Optional<ValueRange> gross = Optional.of(modelRange);
        if (qc.isOff("gross-range")) {
            gross = Optional.empty();
        } else if (qc.has("gross-range")) {
            ValueRange narrowed = span(qc, "gross-range");
            if (narrowed.min() < modelRange.min() || narrowed.max() > modelRange.max()) {
                throw qc.error("gross-range", "can only narrow the sensor's range (" + modelRange + "), not widen it");
            }
            gross = Optional.of(narrowed);
        }
        Optional<ValueRange> user = qc.has("user-range") && !qc.isOff("user-range")
                ? Optional.of(span(qc, "user-range")) : Optional.empty();
        return new QuantityChecks(gross, user,
                test(qc, "flat-line", defaults.flatLine(), QualityConfigReader::flatLine),
                test(qc, "spike", defaults.spike(), QualityConfigReader::spike),
                test(qc, "rate-of-change", defaults.rateOfChange(), QualityConfigReader::rateOfChange));
    }

    private interface TestReader<T> {
        T read(ConfigMap settings, Optional<T> defaults) throws ConfigException;
    }

    private static <T> Optional<T> test(ConfigMap qc, String key, Optional<T> defaults, TestReader<T> reader)
            throws ConfigException {
        if (qc.isOff(key)) {
            return Optional.empty();
        }
        if (!qc.has(key)) {
            return defaults;
        }
        return Optional.of(reader.read(qc.requiredMap(key), defaults));
    }

    private static FlatLine flatLine(ConfigMap map, Optional<FlatLine> defaults) throws ConfigException {
        map.allowOnly(FLAT_LINE_KEYS);
        double tolerance = number(map, "tolerance", defaults.map(FlatLine::tolerance));
        if (tolerance < 0) {
            throw map.error("tolerance", "must be 0 or more");
        }
        Duration suspectAfter = duration(map, "suspect-after", defaults.map(FlatLine::suspectAfter));
        Duration failAfter = duration(map, "fail-after", defaults.map(FlatLine::failAfter));
        if (suspectAfter.compareTo(failAfter) > 0) {
            throw map.error(map.has("suspect-after") ? "suspect-after" : "fail-after",
                    "suspect-after must not be longer than fail-after");
        }
        return new FlatLine(tolerance, suspectAfter, failAfter);
    }

    private static Spike spike(ConfigMap map, Optional<Spike> defaults) throws ConfigException {
        map.allowOnly(SPIKE_KEYS);
        double suspect = number(map, "suspect", defaults.map(Spike::suspect));
        double fail = number(map, "fail", defaults.map(Spike::fail));
        for (String key : List.of("suspect", "fail")) {
            if ((key.equals("suspect") ? suspect : fail) < 0) {
                throw map.error(key, "must be 0 or more");
            }
        }
        if (suspect > fail) {
            throw map.error(map.has("suspect") ? "suspect" : "fail", "suspect must not be above fail");
        }
        return new Spike(suspect, fail);
    }

    private static RateOfChange rateOfChange(ConfigMap map, Optional<RateOfChange> defaults) throws ConfigException {
        map.allowOnly(RATE_OF_CHANGE_KEYS);
        double perMinute = number(map, "suspect-per-minute", defaults.map(RateOfChange::suspectPerMinute));
        if (perMinute <= 0) {
            throw map.error("suspect-per-minute", "must be above 0");
        }
        return new RateOfChange(perMinute);
    }

    private static Calibration calibration(ConfigMap map) throws ConfigException {
        map.allowOnly(CALIBRATION_KEYS);
        double slope = map.number("slope", 1);
        double offset = map.number("offset", 0);
        Map<Term, Double> terms = new LinkedHashMap<>();
        Optional<ConfigMap> termMap = map.map("terms");
        if (termMap.isPresent()) {
            for (String key : termMap.get().keys()) {
                int slash = key.indexOf('/');
                Optional<Quantity> quantity = slash < 0 ? Optional.empty() : Quantity.byId(key.substring(slash + 1));
                if (quantity.isEmpty() || slash == 0) {
                    throw termMap.get().error(key, "'" + key + "' must be sensor/quantity, e.g. rh/humidity");
                }
                terms.put(new Term(key.substring(0, slash), quantity.get()), termMap.get().number(key, 0));
            }
        }
        Optional<LocalDate> date = Optional.empty();
        if (map.has("date")) {
            String text = map.requiredText("date");
            try {
                date = Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                throw map.error("date", "'" + text + "' is not a date (write YYYY-MM-DD)");
            }
        }
        Optional<Duration> maxAge = Optional.empty();
        if (map.has("max-age")) {
            maxAge = Optional.of(positive(map, "max-age"));
            if (date.isEmpty()) {
                throw map.error("max-age", "needs the calibration's date");
            }
        }
        return new Calibration(slope, offset, terms, date, map.text("reference", ""), maxAge);
    }

    /**
     * Checks that each calibration term names another sensor of this config and a quantity that
     * sensor reports (or another quantity of this sensor).
     */
    static void checkTerms(ConfigMap sensorMap, SensorConfig sensor, Map<String, SensorConfig> byId)
            throws ConfigException {
        for (Map.Entry<Quantity, Calibration> entry : sensor.quality().calibrations().entrySet()) {
            for (Term term : entry.getValue().terms().keySet()) {
                ConfigMap terms = sensorMap.requiredMap("calibration").requiredMap(entry.getKey().id()).requiredMap("terms");
                SensorConfig named = byId.get(term.sensor());
                if (named == null) {
                    throw terms.error(term.toString(), "no sensor '" + term.sensor() + "' in this config (sensors: "
                            + String.join(", ", new TreeSet<>(byId.keySet())) + ")");
                }
                if (!named.quantities().contains(term.quantity())) {
                    throw terms.error(term.toString(), "sensor '" + term.sensor() + "' (" + named.model()
                            + ") does not report " + term.quantity().id() + " (it reports "
                            + names(named.quantities()) + ")");
                }
                if (named.id().equals(sensor.id()) && term.quantity() == entry.getKey()) {
                    throw terms.error(term.toString(), "a quantity cannot be a term of its own calibration");
                }
            }
        }
    }

    private static ValueRange span(ConfigMap map, String key) throws ConfigException {
        List<Double> ends = map.numbers(key, 2);
        if (ends.get(0) > ends.get(1)) {
            throw map.error(key, "min " + ends.get(0) + " is above max " + ends.get(1));
        }
        return new ValueRange(ends.get(0), ends.get(1));
    }

    private static double number(ConfigMap map, String key, Optional<Double> defaultValue) throws ConfigException {
        if (!map.has(key) && defaultValue.isEmpty()) {
            throw map.error(key, "missing (this quantity has no default for it)");
        }
        return map.number(key, defaultValue.orElse(0.0));
    }

    private static Duration duration(ConfigMap map, String key, Optional<Duration> defaultValue) throws ConfigException {
        if (!map.has(key)) {
            return defaultValue.orElseThrow(() -> map.error(key, "missing (this quantity has no default for it)"));
        }
        return positive(map, key);
    }

    /** A duration above 0; a negative one is refused by name, not as an unknown format. */
    private static Duration positive(ConfigMap map, String key) throws ConfigException {
        String text = map.requiredText(key);
        if (text.startsWith("-")) {
            throw map.error(key, "'" + text + "' is negative; it must be longer than 0");
        }
        return map.positiveDuration(key, Duration.ZERO);
    }

    private static String names(Set<Quantity> quantities) {
        return quantities.stream().map(Quantity::id).sorted().collect(Collectors.joining(", "));
    }
}
