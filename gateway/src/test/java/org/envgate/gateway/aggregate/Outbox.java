package org.envgate.gateway.aggregate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.Outgoing;
import org.envgate.gateway.buffer.ReadingBuffer;

/** Reads what the buffer's outbox holds for {@code P/G/aggregates}, as SenML records with the base name applied. */
final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Rec(String name, double value, long timeMillis, Map<String, Object> fields) {
    }

    private Outbox() {
    }

    /** Every record queued after {@code afterSeq}, removing nothing. */
    static List<Rec> records(ReadingBuffer buffer) throws BufferException, IOException {
        List<Rec> records = new ArrayList<>();
        long after = 0;
        for (Optional<Outgoing> next; (next = buffer.nextOutgoing(after)).isPresent(); ) {
            after = next.get().seq();
            if (!next.get().topic().equals("aggregates")) {
                continue;
            }
            List<Map<String, Object>> pack = JSON.readValue(next.get().payload(), new TypeReference<>() { });
            String base = "";
            for (Map<String, Object> record : pack) {
                base = (String) record.getOrDefault("bn", base);
                long t = Math.round(((Number) record.get("t")).doubleValue() * 1000);
                records.add(new Rec(base + record.get("n"), ((Number) record.get("v")).doubleValue(), t, record));
            }
        }
        return records;
    }

    /** Removes everything queued, as the uplink would once acknowledged. */
    static void acknowledgeAll(ReadingBuffer buffer) throws BufferException {
        for (Optional<Outgoing> next; (next = buffer.nextOutgoing(0)).isPresent(); ) {
            buffer.removeOutgoing(next.get().seq());
        }
    }
}
