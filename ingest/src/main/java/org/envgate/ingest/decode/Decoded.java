package org.envgate.ingest.decode;

import java.util.List;
import org.envgate.wire.QcCounts;

/** What one MQTT message comes to: points to store, a rejection, or nothing to do. */
public sealed interface Decoded {

    /**
     * Lines of line protocol to write; {@code readings} of them are sensor readings, counted per
     * QC flag in {@code flags}; {@code unknownKeys} keys of a status or health message were not
     * declared and were ignored.
     */
    record Points(List<String> lines, int readings, QcCounts flags, int unknownKeys) implements Decoded {
        public Points(List<String> lines, int unknownKeys) {
            this(lines, 0, QcCounts.NONE, unknownKeys);
        }
    }

    /**
     * A message that must not be stored.
     *
     * @param gateway the gateway level of its topic, which names its dead-letter topic
     * @param kind    what was wrong, as counted in the metrics
     * @param reason  what was wrong, for the operator
     */
    record Rejected(String gateway, RejectReason kind, String reason) implements Decoded {
    }

    /** A message on ingest's own dead-letter topics, which its subscriptions can also match. */
    record Ignored() implements Decoded {
    }
}
