package org.envgate.gateway.aggregate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** Encodes aggregate records as one SenML pack (RFC 8428), like a pack of readings (DESIGN.md, "Averages and index"). */
final class AggregatePack {

    private static final JsonFactory FACTORY = new JsonFactory();

    private AggregatePack() {
    }

    static byte[] encode(String gatewayId, List<AggregateRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + records.size() * 72);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartArray();
            boolean first = true;
            for (AggregateRecord record : records) {
                json.writeStartObject();
                if (first) {
                    json.writeStringField("bn", gatewayId + "/");
                    first = false;
                }
                json.writeStringField("n", record.name());
                if (record.unit().isPresent()) {
                    json.writeStringField("u", record.unit().get());
                }
                json.writeFieldName("v");
                double v = record.value();
                if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    json.writeNumber((long) v);
                } else {
                    json.writeNumber(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
                }
                json.writeFieldName("t");
                json.writeNumber(BigDecimal.valueOf(record.timeMillis(), 3));
                if (record.category().isPresent()) {
                    json.writeNumberField("cat", record.category().getAsInt());
                }
                if (record.dominant().isPresent()) {
                    json.writeStringField("dom", record.dominant().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
