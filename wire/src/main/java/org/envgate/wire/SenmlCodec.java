package org.envgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SenML JSON (RFC 8428) packs of readings.
 *
 * <p>A pack written here names each record {@code G/<sensor>/<quantity>}: the first record
 * carries the base name {@code G/}, every record its own name {@code <sensor>/<quantity>}, its
 * unit, its value and its absolute time in epoch seconds with millisecond precision. That is
 * plain RFC 8428 that any SenML reader resolves, and a pack is still readable record by record.
 */
public final class SenmlCodec {

    /** RFC 8428 4.5.3: times below 2**28 are relative to now. */
    private static final double RELATIVE_TIME_LIMIT = 268_435_456d;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private SenmlCodec() {
    }

    /** Encodes readings of one gateway as one SenML pack, in the order given. */
    public static byte[] encode(String gatewayId, List<Reading> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + readings.size() * 64);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            boolean first = true;
            for (Reading reading : readings) {
                json.writeStartObject();
                if (first) {
                    json.writeStringField("bn", gatewayId + "/");
                    first = false;
                }
                json.writeStringField("n", reading.sensor() + "/" + reading.quantity().id());
                json.writeStringField("u", reading.unit());
                json.writeFieldName("v");
                writeValue(json, reading.value());
                json.writeFieldName("t");
                json.writeNumber(BigDecimal.valueOf(reading.timeMillis(), 3));
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    /**
     * Decodes a pack into resolved records. Only numeric records are accepted: envgate sends no
     * string, boolean or data values, so one of those is a malformed pack.
     *
     * @param nowMillis the time that relative SenML times are counted from
     */
    public static List<SenmlRecord> decode(byte[] pack, long nowMillis) throws SenmlException {
        JsonNode root;
        try {
            root = MAPPER.readTree(pack);
        } catch (JsonProcessingException e) {
            throw new SenmlException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SenmlException("unreadable pack: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new SenmlException("a SenML pack must be a JSON array of records");
        }
        if (root.isEmpty()) {
            throw new SenmlException("empty pack");
        }
        List<SenmlRecord> records = new ArrayList<>(root.size());
        String baseName = "";
        String baseUnit = null;
        BigDecimal baseTime = BigDecimal.ZERO;
        double baseValue = 0;
        for (int i = 0; i < root.size(); i++) {
            JsonNode record = root.get(i);
            String where = "record " + i;
            if (!record.isObject()) {
                throw new SenmlException(where + ": must be a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
                String label = it.next().getKey();
                if (label.endsWith("_")) {
                    throw new SenmlException(where + ": unknown must-understand label '" + label + "'");
                }
            }
            if (record.has("bver") && (!record.get("bver").canConvertToInt() || record.get("bver").asInt() > 10)) {
                throw new SenmlException(where + ": unsupported SenML version " + record.get("bver"));
            }
            if (record.has("bn")) {
                baseName = text(record, "bn", where);
            }
            if (record.has("bu")) {
                baseUnit = text(record, "bu", where);
            }
            if (record.has("bt")) {
                baseTime = number(record, "bt", where);
            }
            if (record.has("bv")) {
                baseValue = number(record, "bv", where).doubleValue();
            }
            for (String unsupported : List.of("vs", "vb", "vd", "s", "bs")) {
                if (record.has(unsupported)) {
                    throw new SenmlException(where + ": '" + unsupported + "' is not supported; records carry numeric values");
                }
            }
            String name = baseName + (record.has("n") ? text(record, "n", where) : "");
            if (name.isEmpty()) {
                throw new SenmlException(where + ": no name (neither bn nor n)");
            }
            String unit = record.has("u") ? text(record, "u", where) : baseUnit;
            if (!record.has("v") && !record.has("bv")) {
                throw new SenmlException(where + " (" + name + "): no value");
            }
            double value = baseValue + (record.has("v") ? number(record, "v", where).doubleValue() : 0);
            if (!Double.isFinite(value)) {
                throw new SenmlException(where + " (" + name + "): value is not a finite number");
            }
            BigDecimal time = baseTime.add(record.has("t") ? number(record, "t", where) : BigDecimal.ZERO);
            long timeMillis = time.doubleValue() < RELATIVE_TIME_LIMIT
                    ? nowMillis + time.movePointRight(3).longValue()
                    : time.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            records.add(new SenmlRecord(name, unit, value, timeMillis));
        }
        return records;
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
            if (parts.length != 2 || !Reading.ID.matcher(parts[0]).matches()) {
                throw new SenmlException(where + ": name must be " + gatewayId + "/<sensor>/<quantity>");
            }
            Quantity quantity = Quantity.byId(parts[1])
                    .orElseThrow(() -> new SenmlException(where + ": unknown quantity '" + parts[1] + "'"));
            if (!quantity.unit().equals(record.unit())) {
                throw new SenmlException(where + ": unit must be '" + quantity.unit() + "', not '" + record.unit() + "'");
            }
            readings.add(new Reading(parts[0], quantity, record.value(), record.timeMillis()));
        }
        return readings;
    }

    private static String text(JsonNode record, String label, String where) throws SenmlException {
        JsonNode node = record.get(label);
        if (!node.isTextual()) {
            throw new SenmlException(where + ": '" + label + "' must be a string");
        }
        return node.textValue();
    }

    private static BigDecimal number(JsonNode record, String label, String where) throws SenmlException {
        JsonNode node = record.get(label);
        if (!node.isNumber()) {
            throw new SenmlException(where + ": '" + label + "' must be a number");
        }
        return node.decimalValue();
    }
}
