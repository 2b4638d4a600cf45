package org.envgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.envgate.wire.WindowStats.Stat;

/**
 * SenML JSON (RFC 8428) packs of averages and index values, the {@code P/G/aggregates} messages.
 *
 * <p>A window's statistics are records named {@code G/<sensor>/<quantity>/<stat>_<window>}, e.g.
 * {@code gw/pm/pm2_5/mean_1h}, with the window's start as their time. Mean, min and max carry the
 * quantity's unit; {@code count} the SenML unit {@code count} (RFC 8428: counter value) and
 * {@code cover} the unit {@code /} (RFC 8428: ratio, here 0 to 1). A window without readings
 * that passed QC has only its {@code count} (0) and {@code cover} records.
 *
 * <p>The station's index is the record {@code G/_station/aqi_<scale>_<window>}, e.g.
 * {@code gw/_station/aqi_vn_1h}, without a unit (an index has none), its value the index and
 * two extension fields: {@code cat}, the category 1 to 6, and {@code dom}, the dominant
 * pollutant's quantity name. Like {@code qc}, they are not must-understand: a SenML reader that
 * does not know them still reads the index.
 */
public final class AggregateCodec {

    public static final String COUNT_UNIT = "count";
    public static final String COVER_UNIT = "/";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final List<String> QUALITY_FIELDS = List.of("qc", "qt", "raw");

    private AggregateCodec() {
    }

    /** The unit of a statistic's record of {@code quantity}. */
    public static String unit(Stat stat, Quantity quantity) {
        return switch (stat) {
            case MEAN, MIN, MAX -> quantity.unit();
            case COUNT -> COUNT_UNIT;
            case COVER -> COVER_UNIT;
        };
    }

    /** Encodes one gateway's windows, then its index values, as one SenML pack. */
    public static byte[] encode(String gatewayId, Aggregates aggregates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + aggregates.recordCount() * 64);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            boolean first = true;
            for (WindowStats window : aggregates.windows()) {
                for (Stat stat : Stat.values()) {
                    if (window.count() == 0 && stat != Stat.COUNT && stat != Stat.COVER) {
                        continue;
                    }
                    startRecord(json, first ? gatewayId : null, window.recordName(stat));
                    first = false;
                    json.writeStringField("u", unit(stat, window.quantity()));
                    json.writeFieldName("v");
                    SenmlCodec.writeValue(json, window.value(stat));
                    writeTime(json, window.startMillis());
                    json.writeEndObject();
                }
            }
            for (StationIndex index : aggregates.indexes()) {
                startRecord(json, first ? gatewayId : null, index.recordName());
                first = false;
                json.writeNumberField("v", index.value());
                writeTime(json, index.startMillis());
                json.writeNumberField("cat", index.category());
                json.writeStringField("dom", index.dominant().id());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void startRecord(JsonGenerator json, String baseName, String name) throws IOException {
        json.writeStartObject();
        if (baseName != null) {
            json.writeStringField("bn", baseName + "/");
        }
        json.writeStringField("n", name);
    }

    private static void writeTime(JsonGenerator json, long millis) throws IOException {
        json.writeFieldName("t");
        json.writeNumber(BigDecimal.valueOf(millis, 3));
    }

    /**
     * Decodes a pack sent by gateway {@code gatewayId}. Every record must be a window's statistic
     * or an index value of that gateway, and the pack is refused whole, with the record named,
     * when one is not: an unknown quantity, statistic, window ({@link AggregateWindow}) or index;
     * a wrong unit; quality fields; a count that is not a whole number from 0 to one per
     * millisecond of the window; a cover outside 0 to 1; a window without its count or cover, or
     * with readings but without all of mean, min and max, or not min <= mean <= max, or a
     * statistic twice; an index that is not a whole number from 0 to 500, or without {@code cat}
     * and {@code dom}, or whose {@code cat} is not its value's category, or whose {@code dom} is
     * not a quantity.
     */
    public static Aggregates decode(String gatewayId, byte[] pack, long nowMillis) throws SenmlException {
        List<SenmlCodec.Decoded> decoded = SenmlCodec.decodeWithFields(pack, nowMillis);
        String prefix = gatewayId + "/";
        Map<List<Object>, PartialWindow> windows = new LinkedHashMap<>();
        List<StationIndex> indexes = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            SenmlRecord record = decoded.get(i).record();
            Map<String, Object> fields = decoded.get(i).fields();
            String where = "record " + i + " (" + record.name() + ")";
            if (!record.name().startsWith(prefix)) {
                throw new SenmlException(where + ": name does not start with the gateway id '" + gatewayId + "/'");
            }
            for (String field : QUALITY_FIELDS) {
                if (fields.containsKey(field)) {
                    throw new SenmlException(where + ": '" + field + "' belongs to readings; averages and indexes carry none");
                }
            }
            String[] parts = record.name().substring(prefix.length()).split("/", -1);
            if (parts.length == 2 && parts[0].equals(StationIndex.STATION)) {
                indexes.add(index(where, record, fields, parts[1]));
            } else if (parts.length == 3 && Reading.isId(parts[0])) {
                windowRecord(where, record, fields, parts, windows);
            } else {
                throw new SenmlException(where + ": name must be " + gatewayId + "/<sensor>/<quantity>/<stat>_<window> or "
                        + gatewayId + "/" + StationIndex.STATION + "/aqi_<index>_<window>");
            }
        }
        List<WindowStats> stats = new ArrayList<>(windows.size());
        for (PartialWindow window : windows.values()) {
            stats.add(window.complete());
        }
        try {
            return new Aggregates(stats, indexes);
        } catch (IllegalArgumentException e) {
            throw new SenmlException(e.getMessage());
        }
    }

    private static void windowRecord(String where, SenmlRecord record, Map<String, Object> fields, String[] parts,
                                     Map<List<Object>, PartialWindow> windows) throws SenmlException {
        for (String field : List.of("cat", "dom")) {
            if (fields.containsKey(field)) {
                throw new SenmlException(where + ": '" + field + "' belongs to index records");
            }
        }
        Quantity quantity = Quantity.byId(parts[1])
                .orElseThrow(() -> new SenmlException(where + ": unknown quantity '" + parts[1] + "'"));
        int split = parts[2].indexOf('_');
        if (split < 0) {
            throw new SenmlException(where + ": '" + parts[2] + "' must be <stat>_<window>, e.g. mean_1h");
        }
        String statId = parts[2].substring(0, split);
        String windowName = parts[2].substring(split + 1);
        Stat stat = Stat.byId(statId).orElseThrow(() -> new SenmlException(where + ": unknown statistic '" + statId
                + "'; known: mean, min, max, count, cover"));
        AggregateWindow window = AggregateWindow.parse(windowName).orElseThrow(() -> new SenmlException(where
                + ": unknown window '" + windowName + "'; a window is whole minutes from 1m to 24h that divide 24h evenly,"
                + " written 1m, 15m, 1h, 24h"));
        String unit = unit(stat, quantity);
        if (!unit.equals(record.unit())) {
            throw new SenmlException(where + ": unit must be '" + unit + "', not '" + record.unit() + "'");
        }
        double value = record.value();
        if (stat == Stat.COUNT && (value != Math.rint(value) || value < 0 || value > window.millis())) {
            throw new SenmlException(where + ": count must be a whole number from 0 to " + window.millis() + ", not " + value);
        }
        if (stat == Stat.COVER && !(value >= 0 && value <= 1)) {
            throw new SenmlException(where + ": cover must be from 0 to 1, not " + value);
        }
        List<Object> identity = List.of(parts[0], quantity, window, record.timeMillis());
        PartialWindow partial = windows.computeIfAbsent(identity,
                key -> new PartialWindow(parts[0], quantity, window, record.timeMillis(), where));
        partial.set(where, stat, value);
    }

    private static StationIndex index(String where, SenmlRecord record, Map<String, Object> fields, String name)
            throws SenmlException {
        String[] parts = name.split("_", -1);
        IndexScale scale = parts.length == 3 && parts[0].equals("aqi") ? IndexScale.byId(parts[1]).orElse(null) : null;
        AggregateWindow window = scale == null ? null : AggregateWindow.parse(parts[2]).orElse(null);
        if (window == null || !(window.equals(AggregateWindow.HOUR) || window.equals(AggregateWindow.DAY))) {
            throw new SenmlException(where + ": unknown index; known: aqi_vn_1h, aqi_vn_24h, aqi_us_1h, aqi_us_24h");
        }
        if (record.unit() != null) {
            throw new SenmlException(where + ": an index has no unit, not '" + record.unit() + "'");
        }
        double value = record.value();
        if (value != Math.rint(value) || value < 0 || value > StationIndex.MAX_VALUE) {
            throw new SenmlException(where + ": index must be a whole number from 0 to " + StationIndex.MAX_VALUE
                    + ", not " + value);
        }
        if (!fields.containsKey("cat") || !fields.containsKey("dom")) {
            throw new SenmlException(where + ": an index record carries 'cat' (its category) and 'dom' (the dominant pollutant)");
        }
        BigDecimal category = SenmlCodec.number(fields, "cat", where);
        if (category.compareTo(BigDecimal.ONE) < 0 || category.compareTo(BigDecimal.valueOf(6)) > 0
                || category.stripTrailingZeros().scale() > 0) {
            throw new SenmlException(where + ": 'cat' must be a category from 1 to 6, not "
                    + SenmlCodec.printable(category.toString()));
        }
        String dominantId = SenmlCodec.text(fields, "dom", where);
        Quantity dominant = Quantity.byId(dominantId).orElseThrow(() -> new SenmlException(where
                + ": 'dom' names an unknown quantity '" + SenmlCodec.printable(dominantId) + "'"));
        try {
            return new StationIndex(scale, window, record.timeMillis(), (int) value, category.intValueExact(), dominant);
        } catch (IllegalArgumentException e) {
            throw new SenmlException(where + ": " + e.getMessage());
        }
    }

    /** The statistics of one window as its records arrive. */
    private static final class PartialWindow {
        private final String sensor;
        private final Quantity quantity;
        private final AggregateWindow window;
        private final long startMillis;
        private final String firstRecord;
        private final double[] values = new double[Stat.values().length];
        private final boolean[] present = new boolean[Stat.values().length];

        PartialWindow(String sensor, Quantity quantity, AggregateWindow window, long startMillis, String firstRecord) {
            this.sensor = sensor;
            this.quantity = quantity;
            this.window = window;
            this.startMillis = startMillis;
            this.firstRecord = firstRecord;
        }

        void set(String where, Stat stat, double value) throws SenmlException {
            if (present[stat.ordinal()]) {
                throw new SenmlException(where + ": " + stat.id() + " of this window twice in one pack");
            }
            present[stat.ordinal()] = true;
            values[stat.ordinal()] = value;
        }

        WindowStats complete() throws SenmlException {
            String where = "window of " + firstRecord + " at " + BigDecimal.valueOf(startMillis, 3).toPlainString() + " s";
            if (!present[Stat.COUNT.ordinal()] || !present[Stat.COVER.ordinal()]) {
                throw new SenmlException(where + ": a window has a count and a cover record");
            }
            long count = (long) values[Stat.COUNT.ordinal()];
            boolean hasValues = present[Stat.MEAN.ordinal()] || present[Stat.MIN.ordinal()] || present[Stat.MAX.ordinal()];
            boolean allValues = present[Stat.MEAN.ordinal()] && present[Stat.MIN.ordinal()] && present[Stat.MAX.ordinal()];
            if (count == 0 && hasValues) {
                throw new SenmlException(where + ": a window without readings (count 0) has no mean, min or max");
            }
            if (count > 0 && !allValues) {
                throw new SenmlException(where + ": a window with readings has a mean, a min and a max");
            }
            try {
                return count == 0
                        ? new WindowStats(sensor, quantity, window, startMillis, 0, Double.NaN, Double.NaN, Double.NaN,
                                values[Stat.COVER.ordinal()])
                        : new WindowStats(sensor, quantity, window, startMillis, count, values[Stat.MEAN.ordinal()],
                                values[Stat.MIN.ordinal()], values[Stat.MAX.ordinal()], values[Stat.COVER.ordinal()]);
            } catch (IllegalArgumentException e) {
                throw new SenmlException(where + ": " + e.getMessage());
            }
        }
    }
}
