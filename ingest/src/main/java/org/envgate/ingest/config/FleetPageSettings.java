package org.envgate.ingest.config;

import java.time.Duration;
import org.envgate.common.http.PageConfig;

/**
 * The fleet page ({@code http:}); absent from the config, there is none.
 *
 * @param page    where it listens, its password file and TLS, as the gateway's {@code status-page}
 * @param refresh how often the page asks for the fleet again
 * @param series  which query API the 24-hour plots are read through
 */
public record FleetPageSettings(PageConfig page, Duration refresh, SeriesStore series) {

    /** The query API of the store ingest writes to, for the plots. */
    public enum SeriesStore {
        /** QuestDB's SQL over {@code /exec}: the embedded store, or an external QuestDB. */
        QUESTDB("questdb"),
        /** VictoriaMetrics' {@code /api/v1/query_range}. */
        VICTORIAMETRICS("victoriametrics"),
        /** InfluxDB 2's Flux over {@code /api/v2/query}, with the {@code influx} section's org, bucket and token. */
        INFLUXDB("influxdb"),
        /** No plots. */
        NONE("none");

        private final String key;

        SeriesStore(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
