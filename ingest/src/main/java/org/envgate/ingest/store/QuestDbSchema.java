package org.envgate.ingest.store;

import java.util.ArrayList;
import java.util.List;
import org.envgate.ingest.decode.PackDecoder;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quantity;

/**
 * The QuestDB tables for the InfluxDB schema, created before the first write. QuestDB would
 * create them on its own from line protocol, but without deduplication; with
 * {@code DEDUP UPSERT KEYS} a point written twice (a message redelivered after a crash) is
 * stored once, as in InfluxDB, where a point's identity is its series and time.
 */
public final class QuestDbSchema {

    /**
     * The windows a gateway averages over unless configured otherwise; a gateway configured for
     * others needs their tables made the same way, or QuestDB makes them without deduplication.
     */
    public static final List<AggregateWindow> DEFAULT_WINDOWS =
            List.of(AggregateWindow.MINUTE, AggregateWindow.HOUR, AggregateWindow.DAY);

    private static final List<String> LOCATION_COLUMNS = List.of("lat DOUBLE", "lon DOUBLE", "elevation DOUBLE");

    private QuestDbSchema() {
    }

    /** {@code CREATE TABLE IF NOT EXISTS} statements, one per measurement. */
    public static List<String> statements() {
        List<String> sql = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            sql.add("CREATE TABLE IF NOT EXISTS " + quantity.id()
                    + " (gateway SYMBOL, sensor SYMBOL, model SYMBOL, site SYMBOL, value DOUBLE, "
                    + String.join(", ", qualityColumns()) + ", timestamp TIMESTAMP)"
                    + " TIMESTAMP(timestamp) PARTITION BY DAY WAL DEDUP UPSERT KEYS(timestamp, gateway, sensor)");
            // A table made before readings carried their quality gets the columns it lacks.
            for (String column : qualityColumns()) {
                sql.add("ALTER TABLE " + quantity.id() + " ADD COLUMN IF NOT EXISTS " + column);
            }
        }
        for (Quantity quantity : Quantity.values()) {
            for (AggregateWindow window : DEFAULT_WINDOWS) {
                sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.windowMeasurement(quantity, window)
                        + " (gateway SYMBOL, sensor SYMBOL, model SYMBOL, site SYMBOL, mean DOUBLE, min DOUBLE, max DOUBLE,"
                        + " count LONG, cover DOUBLE, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY "
                        + (window.minutes() < 60 ? "DAY" : "MONTH") + " WAL DEDUP UPSERT KEYS(timestamp, gateway, sensor)");
            }
        }
        StringBuilder dominant = new StringBuilder();
        for (Quantity quantity : Quantity.values()) {
            dominant.append(' ').append(PackDecoder.DOMINANT_FIELD_PREFIX).append(quantity.id()).append(" LONG,");
        }
        sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.INDEX_MEASUREMENT
                + " (gateway SYMBOL, site SYMBOL, \"index\" SYMBOL, \"window\" SYMBOL, value LONG, category LONG,"
                + " dominant SYMBOL," + dominant + " timestamp TIMESTAMP)"
                + " TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, gateway, \"index\", \"window\")");
        sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.ALERT_MEASUREMENT
                + " (gateway SYMBOL, site SYMBOL, rule SYMBOL, severity SYMBOL, raised LONG, value DOUBLE,"
                + " threshold DOUBLE, timestamp TIMESTAMP)"
                + " TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, gateway, rule)");
        sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.STATUS_MEASUREMENT
                + " (gateway SYMBOL, site SYMBOL, online DOUBLE, state VARCHAR, version VARCHAR, "
                + String.join(", ", LOCATION_COLUMNS) + ", timestamp TIMESTAMP)"
                + " TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, gateway)");
        // A table made before the status described the station gets its location's columns.
        for (String column : LOCATION_COLUMNS) {
            sql.add("ALTER TABLE " + PackDecoder.STATUS_MEASUREMENT + " ADD COLUMN IF NOT EXISTS " + column);
        }
        sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.HEALTH_MEASUREMENT
                + " (gateway SYMBOL, site SYMBOL, version VARCHAR, uptime_s DOUBLE, backlog DOUBLE,"
                + " oldest_unsent_age_s DOUBLE, sent DOUBLE, resent DOUBLE, dropped DOUBLE, storage_used_bytes DOUBLE,"
                + " disk_free_bytes DOUBLE, clock VARCHAR, clock_code LONG, untimed DOUBLE, clock_jumps DOUBLE,"
                + " timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, gateway)");
        sql.add("ALTER TABLE " + PackDecoder.HEALTH_MEASUREMENT + " ADD COLUMN IF NOT EXISTS clock_code LONG");
        sql.add("CREATE TABLE IF NOT EXISTS " + PackDecoder.SENSOR_HEALTH_MEASUREMENT
                + " (gateway SYMBOL, sensor SYMBOL, site SYMBOL, model VARCHAR, port VARCHAR, state VARCHAR,"
                + " state_code LONG, faults DOUBLE, fault VARCHAR, " + String.join(", ", qcCountColumns()) + ", timestamp TIMESTAMP)"
                + " TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, gateway, sensor)");
        // A table made before health carried the counts per QC flag, or the state's code, gets their columns.
        for (String column : qcCountColumns()) {
            sql.add("ALTER TABLE " + PackDecoder.SENSOR_HEALTH_MEASUREMENT + " ADD COLUMN IF NOT EXISTS " + column);
        }
        sql.add("ALTER TABLE " + PackDecoder.SENSOR_HEALTH_MEASUREMENT + " ADD COLUMN IF NOT EXISTS state_code LONG");
        return sql;
    }

    private static List<String> qcCountColumns() {
        List<String> columns = new ArrayList<>();
        for (QcFlag flag : QcFlag.values()) {
            columns.add(QcCounts.field(flag) + " DOUBLE");
        }
        return columns;
    }

    private static List<String> qualityColumns() {
        List<String> columns = new ArrayList<>(List.of("qc LONG", "qc_tests VARCHAR", "raw DOUBLE"));
        for (QcTest test : QcTest.values()) {
            columns.add(PackDecoder.QC_TEST_FIELD_PREFIX + test.id() + " LONG");
        }
        return columns;
    }
}
