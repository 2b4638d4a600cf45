package org.envgate.ingest;

import java.util.Locale;
import org.envgate.common.Version;
import org.envgate.common.metrics.PrometheusText;
import org.envgate.ingest.decode.RejectReason;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;

/**
 * The body of ingest's {@code /metrics}: its counters since start (the same as in its log line
 * a minute) in the Prometheus text format. Names and meanings are listed in docs/ingest.md,
 * "Metrics". Only the program's own names are labels: a rejection's reason is one of
 * {@link RejectReason}, never text from the message, so gateways cannot add series.
 */
final class IngestMetrics {

    private IngestMetrics() {
    }

    /**
     * @param gatewaysOnline  gateways whose latest status says online
     * @param brokerConnected whether ingest's subscription is up
     */
    static byte[] text(IngestCounters counters, int gatewaysOnline, boolean brokerConnected, long uptimeSeconds) {
        PrometheusText text = new PrometheusText();
        text.gauge("envgate_ingest_info", "Ingest's version, as a label; the value is always 1.")
                .sample(1, "version", Version.get());
        text.gauge("envgate_ingest_uptime_seconds", "Seconds since ingest started.").sample(uptimeSeconds);
        text.gauge("envgate_ingest_broker_connected", "1 while ingest is connected and subscribed to the broker, else 0.")
                .sample(brokerConnected ? 1 : 0);
        text.gauge("envgate_ingest_gateways_online", "Gateways whose latest status message says online.")
                .sample(gatewaysOnline);

        text.counter("envgate_ingest_messages_received_total", "Messages taken from the broker.")
                .sample(counters.messages());
        text.counter("envgate_ingest_messages_redelivered_total",
                "Messages the broker marked as sent before (an earlier connection did not acknowledge them).")
                .sample(counters.redelivered());
        PrometheusText.Metric rejected = text.counter("envgate_ingest_messages_rejected_total",
                "Messages not stored, by reason; each is published as a dead letter.");
        for (RejectReason reason : RejectReason.values()) {
            rejected.sample(counters.rejected(reason), "reason", reason.label());
        }
        text.counter("envgate_ingest_messages_acknowledged_total", "Messages acknowledged to the broker.")
                .sample(counters.acknowledged());
        text.counter("envgate_ingest_readings_received_total",
                "Sensor readings in the messages decoded, stored or not (a redelivered reading counts again).")
                .sample(counters.readingsReceived());
        text.counter("envgate_ingest_readings_stored_total",
                "Sensor readings the store accepted (a redelivered reading counts again).").sample(counters.readings());
        PrometheusText.Metric byFlag = text.counter("envgate_ingest_readings_stored_qc_total",
                "Sensor readings the store accepted, by their QC flag.");
        QcCounts flags = counters.readingsByFlag();
        for (QcFlag flag : QcFlag.values()) {
            byFlag.sample(flags.of(flag), "flag", flag.name().toLowerCase(Locale.ROOT));
        }
        text.counter("envgate_ingest_points_stored_total",
                "Points the store accepted: readings, averages, index, alerts, status and health.")
                .sample(counters.points());
        text.histogram("envgate_ingest_store_write_seconds", "How long each write the store accepted took.",
                counters.storeWrites);
        text.counter("envgate_ingest_store_retries_total",
                "Writes that failed (store down, unreachable, overloaded, timed out) and were retried.")
                .sample(counters.writeFailures());
        text.counter("envgate_ingest_dead_letters_published_total", "Dead letters the broker acknowledged.")
                .sample(counters.deadLettered());
        text.counter("envgate_ingest_dead_letters_dropped_total",
                "Dead letters dropped because their path was saturated; their messages were acknowledged all the same.")
                .sample(counters.deadLettersDropped());
        text.counter("envgate_ingest_unknown_keys_total",
                "Keys of status and health messages that their schema does not declare: ignored, only counted.")
                .sample(counters.unknownKeys());
        return text.bytes();
    }
}
