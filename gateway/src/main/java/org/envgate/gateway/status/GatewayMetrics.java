package org.envgate.gateway.status;

import java.util.Locale;
import org.envgate.common.metrics.PrometheusText;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.poll.SensorState;
import org.envgate.gateway.poll.SensorStatus;
import org.envgate.gateway.uplink.UplinkState;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;

/**
 * The body of {@code /metrics}: the health report's figures (the same measurements as on
 * {@code P/G/health} and {@code /api/status}) in the Prometheus text format, for a scraper.
 * Names and meanings are listed in docs/status-page.md, "Metrics". States are one series per
 * possible state, 1 for the one it is in and 0 for the others, so that a query can select a
 * state by name and the set of series never changes while the gateway runs.
 */
public final class GatewayMetrics {

    private GatewayMetrics() {
    }

    public static byte[] text(Gateway gateway) {
        GatewayHealth health = gateway.health();
        PrometheusText text = new PrometheusText();
        text.gauge("envgate_gateway_info", "The gateway's id, site and version, as labels; the value is always 1.")
                .sample(1, "gateway", health.gateway(), "site", gateway.config().site(), "version", health.version());
        text.gauge("envgate_uptime_seconds", "Seconds since the gateway started.").sample(health.uptimeSeconds());

        PrometheusText.Metric taken = text.counter("envgate_readings_taken_total",
                "Readings taken from each sensor and checked by quality control since start.");
        PrometheusText.Metric checked = text.counter("envgate_readings_qc_total",
                "Readings taken from each sensor since start, by the QC flag quality control gave them.");
        for (GatewayHealth.SensorHealth sensor : health.sensors()) {
            QcCounts counts = sensor.qc().orElse(QcCounts.NONE);
            long all = 0;
            for (QcFlag flag : QcFlag.values()) {
                all += counts.of(flag);
                checked.sample(counts.of(flag), "sensor", sensor.id(), "flag", flag.name().toLowerCase(Locale.ROOT));
            }
            taken.sample(all, "sensor", sensor.id());
        }
        text.counter("envgate_readings_sent_total", "Readings the broker acknowledged since start.")
                .sample(health.sent());
        text.counter("envgate_readings_resent_total",
                "Readings published again since start because no acknowledgement came before the connection "
                        + "(or the previous run) ended.").sample(health.resent());
        Gateway.Dropped dropped = gateway.dropped();
        text.counter("envgate_readings_dropped_total", "Readings dropped since start, by reason: buffer_full "
                        + "(storage.when-full chose them) or write_failing (the buffer could not be written for too long).")
                .sample(dropped.bufferFull(), "reason", "buffer_full")
                .sample(dropped.writeFailing(), "reason", "write_failing");
        text.gauge("envgate_backlog_readings", "Readings waiting in the buffer to be sent.").sample(health.backlog());
        text.gauge("envgate_untimed_readings", "Readings held until the clock can be trusted (not in the backlog).")
                .sample(health.untimed());
        text.gauge("envgate_oldest_unsent_age_seconds", "Age of the oldest reading waiting to be sent; 0 when none waits.")
                .sample(health.oldestUnsentAgeSeconds());

        UplinkState uplinkState = gateway.uplink().state();
        PrometheusText.Metric uplink = text.gauge("envgate_uplink_state",
                "The uplink's state: 1 for the state it is in, 0 for the others.");
        for (UplinkState state : UplinkState.values()) {
            uplink.sample(state == uplinkState ? 1 : 0, "state", state.name().toLowerCase(Locale.ROOT));
        }
        long delivered = gateway.uplink().lastDeliveryMillis();
        if (delivered > 0) {
            text.gauge("envgate_uplink_last_delivery_timestamp_seconds",
                    "When the broker last acknowledged a message, in seconds since the epoch.").sample(delivered / 1000.0);
        }

        PrometheusText.Metric info = text.gauge("envgate_sensor_info",
                "Each sensor's model and port, as labels; the value is always 1.");
        PrometheusText.Metric state = text.gauge("envgate_sensor_state",
                "Each sensor's state: 1 for the state it is in, 0 for the others.");
        PrometheusText.Metric faults = text.counter("envgate_sensor_faults_total",
                "Faults of each sensor since start: no answer, a bad frame, an error it reported, a lost port.");
        for (SensorStatus sensor : gateway.sensors()) {
            info.sample(1, "sensor", sensor.id(), "model", sensor.model(), "port", sensor.port());
            for (SensorState possible : SensorState.values()) {
                state.sample(possible == sensor.state() ? 1 : 0, "sensor", sensor.id(),
                        "state", possible.name().toLowerCase(Locale.ROOT));
            }
            faults.sample(sensor.faults(), "sensor", sensor.id());
        }

        // A size that could not be measured (-1 in the health report) is left out rather than shown as a value.
        if (health.storageUsedBytes() >= 0) {
            text.gauge("envgate_buffer_size_bytes", "What the buffer occupies on disk.").sample(health.storageUsedBytes());
        }
        text.gauge("envgate_buffer_limit_bytes", "The buffer's limit, storage.max-size.")
                .sample(gateway.config().storage().maxSize());
        if (health.diskFreeBytes() >= 0) {
            text.gauge("envgate_disk_free_bytes", "Free space on the buffer's file system.").sample(health.diskFreeBytes());
        }
        PrometheusText.Metric clock = text.gauge("envgate_clock_state",
                "The wall clock's state: 1 for the state it is in, 0 for the others.");
        for (ClockWatch.State possible : ClockWatch.State.values()) {
            clock.sample(possible.id().equals(health.clock()) ? 1 : 0, "state", possible.id());
        }
        text.counter("envgate_clock_jumps_total", "Times the system clock jumped since start.").sample(health.clockJumps());
        return text.bytes();
    }
}
