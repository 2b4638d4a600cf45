package org.envgate.gateway.aggregate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest station index values and hourly means made since start, by record name, for the
 * status page; a window sent again replaces its older values only if it is not older.
 */
public record Latest(Map<String, AggregateRecord> indexes, Map<String, AggregateRecord> hourlyMeans) {

    public static final Latest NONE = new Latest(Map.of(), Map.of());

    public Latest {
        indexes = Map.copyOf(indexes);
        hourlyMeans = Map.copyOf(hourlyMeans);
    }

    Latest with(List<AggregateRecord> records) {
        if (records.isEmpty()) {
            return this;
        }
        Map<String, AggregateRecord> index = new TreeMap<>(indexes);
        Map<String, AggregateRecord> means = new TreeMap<>(hourlyMeans);
        for (AggregateRecord record : records) {
            if (record.name().startsWith("_station/")) {
                newer(index, record);
            } else if (record.name().endsWith("/mean_1h")) {
                newer(means, record);
            }
        }
        return new Latest(index, means);
    }

    private static void newer(Map<String, AggregateRecord> latest, AggregateRecord record) {
        AggregateRecord known = latest.get(record.name());
        if (known == null || known.timeMillis() <= record.timeMillis()) {
            latest.put(record.name(), record);
        }
    }
}
