package org.envgate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SenML JSON (RFC 8428) packs of readings.
 *
 * <p>A pack written here names each record {@code G/<sensor>/<quantity>}: the first record
 * carries the base name {@code G/}, the base time and the base unit, every record its own name
 * {@code <sensor>/<quantity>}, its value, its time relative to the base time and its unit where
 * it differs from the base unit ({@link SenmlPackWriter}). That is plain RFC 8428 that any SenML
 * reader resolves to absolute times in epoch seconds with millisecond precision.
 */
public final class SenmlCodec {

    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_UNIT_LENGTH = 32;
    /** Every test name once, with commas, fits. */
    public static final int MAX_TEST_NAMES_LENGTH = 96;

    private static final long RELATIVE_TIME_LIMIT_MILLIS = (1L << 28) * 1000;
    /** Past year 5000 either way: beyond any clock, and small enough that milliseconds fit a long. */
    private static final BigDecimal MAX_TIME_SECONDS = BigDecimal.valueOf(100_000_000_000L);
    /** RFC 8428 4.5.1. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-:./_]*");

    private SenmlCodec() {
    }

    /** Encodes readings of one gateway as one SenML pack, in the order given (see {@link SenmlPackWriter}). */
    public static byte[] encode(String gatewayId, List<Reading> readings) {
        SenmlPackWriter pack = new SenmlPackWriter(gatewayId, readings.size());
        for (Reading reading : readings) {
            pack.add(reading);
        }
        return pack.toBytes();
    }

    /**
     * A whole number without a decimal point; any other value in its shortest decimal form
     * ({@code 7.52}, {@code 0.0625}), written out without an exponent from 1e-9 to 1e15 (Java
     * writes 0.0001 as {@code 1.0E-4}). Drivers round values to the sensor's resolution, so
     * this is the value as the sensor resolved it.
     */
    static void writeValue(JsonGenerator json, double value) throws IOException {
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < SenmlPackWriter.PLAIN_BELOW) {
            json.writeNumber((long) value);
        } else if (magnitude >= SenmlPackWriter.PLAIN_FROM && magnitude < SenmlPackWriter.PLAIN_BELOW) {
            json.writeNumber(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        } else {
            json.writeNumber(value);
        }
    }

    /**
     * Decodes a pack into resolved records. Only numeric records are accepted: envgate sends no
     * string, boolean or data values, so one of those is a malformed pack. The JSON must be
     * strict ({@link StrictJson}); names are at most {@value #MAX_NAME_LENGTH} characters of the
     * RFC 8428 name characters, units at most {@value #MAX_UNIT_LENGTH} printable ASCII
     * characters, and {@code t} and {@code bt} at most {@code 1e11} s either way: a time past that
     * is an error, never a wrap.
     *
     * @param nowMillis the time that relative SenML times are counted from
     */
    public static List<SenmlRecord> decode(byte[] pack, long nowMillis) throws SenmlException {
        List<Decoded> decoded = decodeWithFields(pack, nowMillis);
        List<SenmlRecord> records = new ArrayList<>(decoded.size());
        for (Decoded one : decoded) {
            records.add(one.record());
        }
        return records;
    }

    /** A resolved record with the fields it was written with, for readers of extension fields. */
    record Decoded(SenmlRecord record, Map<String, Object> fields) {
    }

    /** {@link #decode}, keeping each record's own fields beside it. */
    static List<Decoded> decodeWithFields(byte[] pack, long nowMillis) throws SenmlException {
        Object root;
        try {
            root = StrictJson.parse(pack);
        } catch (JsonException e) {
            throw new SenmlException("not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof List<?> array)) {
            throw new SenmlException("a SenML pack must be a JSON array of records");
        }
        if (array.isEmpty()) {
            throw new SenmlException("empty pack");
        }
        List<Decoded> records = new ArrayList<>(array.size());
        String baseName = "";
        String baseUnit = null;
        long baseTimeMillis = 0;
        double baseValue = 0;
        for (int i = 0; i < array.size(); i++) {
            String where = "record " + i;
            if (!(array.get(i) instanceof Map<?, ?> map)) {
                throw new SenmlException(where + ": must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) map;
            for (String label : record.keySet()) {
                if (label.endsWith("_")) {
                    throw new SenmlException(where + ": unknown must-understand label '" + printable(label) + "'");
                }
            }
            if (record.containsKey("bver")) {
                BigDecimal version = number(record, "bver", where);
                if (version.signum() < 0 || version.compareTo(BigDecimal.TEN) > 0
                        || version.stripTrailingZeros().scale() > 0) {
                    throw new SenmlException(where + ": unsupported SenML version " + version);
                }
            }
            if (record.containsKey("bn")) {
                baseName = text(record, "bn", where);
            }
            if (record.containsKey("bu")) {
                baseUnit = text(record, "bu", where);
            }
            if (record.containsKey("bt")) {
                baseTimeMillis = timeMillis(record, "bt", where);
            }
            if (record.containsKey("bv")) {
                baseValue = number(record, "bv", where).doubleValue();
            }
            for (String unsupported : List.of("vs", "vb", "vd", "s", "bs")) {
                if (record.containsKey(unsupported)) {
                    throw new SenmlException(where + ": '" + unsupported + "' is not supported; records carry numeric values");
                }
            }
            String name = baseName + (record.containsKey("n") ? text(record, "n", where) : "");
            if (name.isEmpty()) {
                throw new SenmlException(where + ": no name (neither bn nor n)");
            }
            checkName(where, name);
            String unit = record.containsKey("u") ? text(record, "u", where) : baseUnit;
            if (unit != null) {
                checkUnit(where + " (" + name + ")", unit);
            }
            if (!record.containsKey("v") && !record.containsKey("bv")) {
                throw new SenmlException(where + " (" + name + "): no value");
            }
            double value = baseValue + (record.containsKey("v") ? number(record, "v", where).doubleValue() : 0);
            if (!Double.isFinite(value)) {
                throw new SenmlException(where + " (" + name + "): value is not a finite number");
            }
            long offsetMillis = record.containsKey("t") ? timeMillis(record, "t", where) : 0;
            records.add(new Decoded(new SenmlRecord(name, unit, value,
                    resolveTime(where, baseTimeMillis, offsetMillis, nowMillis), quality(record, where + " (" + name + ")")),
                    record));
        }
        return records;
    }

    /**
     * The quality fields of a record: {@code qc} an integer from 1 to 4 (9, missing, is never
     * sent), {@code qt} known test names, comma-separated, each once, only beside a flag other
     * than 1, and {@code raw} a finite number.
     */
    private static Quality quality(Map<String, Object> record, String where) throws SenmlException {
        QcFlag flag = QcFlag.PASS;
        if (record.containsKey("qc")) {
            BigDecimal code = number(record, "qc", where);
            if (code.compareTo(BigDecimal.ONE) < 0 || code.compareTo(BigDecimal.valueOf(4)) > 0
                    || code.stripTrailingZeros().scale() > 0) {
                throw new SenmlException(where + ": 'qc' must be 1, 2, 3 or 4, not " + printable(code.toString()));
            }
            flag = QcFlag.byCode(code.intValueExact());
        }
        Set<QcTest> tests = EnumSet.noneOf(QcTest.class);
        if (record.containsKey("qt")) {
            String names = text(record, "qt", where);
            if (flag == QcFlag.PASS) {
                throw new SenmlException(where + ": 'qt' names tests that flagged the reading, but its 'qc' is 1 (pass)");
            }
            if (names.length() > MAX_TEST_NAMES_LENGTH) {
                throw new SenmlException(where + ": 'qt' longer than " + MAX_TEST_NAMES_LENGTH + " characters");
            }
            for (String id : names.split(",", -1)) {
                QcTest test = QcTest.byId(id).orElseThrow(() -> new SenmlException(where + ": 'qt' names an unknown test '"
                        + printable(id) + "'; known: gross_range, flat_line, spike, rate_of_change, warm_up, calibration_age"));
                if (!tests.add(test)) {
                    throw new SenmlException(where + ": 'qt' names " + id + " twice");
                }
            }
        }
        double raw = Double.NaN;
        if (record.containsKey("raw")) {
            raw = number(record, "raw", where).doubleValue();
            if (!Double.isFinite(raw)) {
                throw new SenmlException(where + ": 'raw' is not a finite number");
            }
        }
        return flag == QcFlag.PASS && Double.isNaN(raw) ? Quality.GOOD : new Quality(flag, tests, raw);
    }

    /** RFC 8428 4.5.3: a time (base time plus time) below 2**28 s is relative to now. */
    private static long resolveTime(String where, long baseMillis, long offsetMillis, long nowMillis)
            throws SenmlException {
        try {
            long time = Math.addExact(baseMillis, offsetMillis);
            return time < RELATIVE_TIME_LIMIT_MILLIS ? Math.addExact(nowMillis, time) : time;
        } catch (ArithmeticException e) {
            throw new SenmlException(where + ": time out of range");
        }
    }

    private static long timeMillis(Map<String, Object> record, String label, String where) throws SenmlException {
        BigDecimal seconds = number(record, label, where);
        if (seconds.abs().compareTo(MAX_TIME_SECONDS) > 0) {
            throw new SenmlException(where + ": '" + label + "' of " + seconds.toString()
                    + " s is beyond +-1e11 s");
        }
        return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void checkName(String where, String name) throws SenmlException {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new SenmlException(where + ": name longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw new SenmlException(where + ": name '" + printable(name)
                    + "' must start with a letter or digit and hold only letters, digits and - : . / _");
        }
    }

    private static void checkUnit(String where, String unit) throws SenmlException {
        if (unit.length() > MAX_UNIT_LENGTH) {
            throw new SenmlException(where + ": unit longer than " + MAX_UNIT_LENGTH + " characters");
        }
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new SenmlException(where + ": unit '" + printable(unit) + "' must be printable ASCII without spaces");
            }
        }
    }

    /** Untrusted text for an error message: other than printable ASCII becomes '?', and it is cut to 64. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 68));
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 64 ? out.append("...").toString() : out.toString();
    }

    /**
     * Decodes a pack sent by gateway {@code gatewayId} into readings: every name must be
     * {@code gatewayId/<sensor>/<quantity>} with a known quantity and its unit.
     */
    public static List<Reading> decodeReadings(String gatewayId, byte[] pack, long nowMillis) throws SenmlException {
        List<SenmlRecord> records = decode(pack, nowMillis);
        List<Reading> readings = new ArrayList<>(records.size());
        String prefix = gatewayId + "/";
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord record = records.get(i);
            String where = "record " + i + " (" + record.name() + ")";
            if (!record.name().startsWith(prefix)) {
                throw new SenmlException(where + ": name does not start with the gateway id '" + gatewayId + "/'");
            }
            String[] parts = record.name().substring(prefix.length()).split("/", -1);
            if (parts.length != 2 || !Reading.isId(parts[0])) {
                throw new SenmlException(where + ": name must be " + gatewayId + "/<sensor>/<quantity>");
            }
            Quantity quantity = Quantity.byId(parts[1])
                    .orElseThrow(() -> new SenmlException(where + ": unknown quantity '" + parts[1] + "'"));
            if (!quantity.unit().equals(record.unit())) {
                throw new SenmlException(where + ": unit must be '" + quantity.unit() + "', not '" + record.unit() + "'");
            }
            readings.add(new Reading(parts[0], quantity, record.value(), record.timeMillis(), record.quality()));
        }
        return readings;
    }

    static String text(Map<String, Object> record, String label, String where) throws SenmlException {
        if (!(record.get(label) instanceof String text)) {
            throw new SenmlException(where + ": '" + label + "' must be a string");
        }
        return text;
    }

    static BigDecimal number(Map<String, Object> record, String label, String where) throws SenmlException {
        if (!(record.get(label) instanceof BigDecimal number)) {
            throw new SenmlException(where + ": '" + label + "' must be a number");
        }
        return number;
    }
}
