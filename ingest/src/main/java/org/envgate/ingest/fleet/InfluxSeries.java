package org.envgate.ingest.fleet;

import com.influxdb.LogLevel;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.envgate.ingest.config.InfluxSettings;
import org.envgate.wire.Quantity;

/**
 * The plots from InfluxDB 2: one Flux query through influxdb-client-java's query API over the
 * readings' measurement ({@code <quantity>}, field {@code value}), averaged per sensor into the
 * plot's steps, rows bounded per sensor and in all.
 */
final class InfluxSeries implements SeriesSource {

    private final InfluxSettings store;
    private final Duration timeout;

    /** @param store the InfluxDB 2 ingest writes to: its url, token, org and bucket */
    InfluxSeries(InfluxSettings store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /**
     * The Flux over the config's bucket: the gateway and quantity are checked ids, quoted anyway like the bucket; the
     * windows start on the grid's steps, each sensor one table of at most {@link Series#POINTS}
     * rows, and the tables past {@link Series#MAX_SENSORS} are cut off by the last limit.
     */
    String flux(String gateway, Quantity quantity, long startSeconds) {
        return "from(bucket: " + fluxString(store.bucket()) + ")"
                + " |> range(start: " + Instant.ofEpochSecond(startSeconds) + ")"
                + " |> filter(fn: (r) => r._measurement == " + fluxString(quantity.id())
                + " and r.gateway == " + fluxString(gateway) + " and r._field == \"value\")"
                + " |> group(columns: [\"sensor\"])"
                + " |> aggregateWindow(every: " + Series.STEP_SECONDS + "s, fn: mean, createEmpty: false,"
                + " timeSrc: \"_start\")"
                + " |> limit(n: " + Series.POINTS + ")"
                + " |> keep(columns: [\"_time\", \"_value\", \"sensor\"])"
                + " |> group()"
                + " |> limit(n: " + (long) Series.POINTS * Series.MAX_SENSORS + ")";
    }

    /** A Flux string literal: backslash, quote and the start of an interpolation escaped. */
    static String fluxString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "\\${") + "\"";
    }

    @Override
    public Series read(String gateway, Quantity quantity, long nowMillis) throws IOException {
        Series series = new Series(gateway, quantity, nowMillis);
        String flux = flux(gateway, quantity, series.startSeconds());
        // One client per plot: the page asks seldom, and nothing is left open between plots.
        try (InfluxDBClient client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder()
                .url(store.url())
                .authenticateToken(store.token().toCharArray())
                .org(store.org())
                .okHttpClient(new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                        .writeTimeout(timeout).callTimeout(timeout))
                .logLevel(LogLevel.NONE)
                .build())) {
            put(series, client.getQueryApi().query(flux, store.org()));
        } catch (InfluxException e) {
            // Status 0: no answer at all (refused, timed out).
            throw new IOException(e.status() == 0 ? "cannot reach InfluxDB: " + e.getMessage()
                    : "InfluxDB answered " + e.status() + ": " + e.getMessage(), e);
        }
        return series;
    }

    /** Puts each row's mean into its sensor's step; a row without a sensor, time or number is left out. */
    static void put(Series series, List<FluxTable> tables) {
        for (FluxTable table : tables) {
            for (FluxRecord row : table.getRecords()) {
                Object sensor = row.getValueByKey("sensor");
                Instant time = row.getTime();
                if (sensor != null && time != null && row.getValue() instanceof Number mean) {
                    series.put(sensor.toString(), time.toEpochMilli() / 1000.0, mean.doubleValue());
                }
            }
        }
    }
}
