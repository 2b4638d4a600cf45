package org.envgate.gateway.aggregate;

import java.util.Map;
import java.util.TreeMap;
import org.envgate.wire.Aggregates;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;

/**
 * The newest station index values and hourly means made since start, for the status page: the
 * index values by record name ({@code _station/aqi_vn_1h}), the hourly windows that have a mean
 * by {@code <sensor>/<quantity>}; a window sent again replaces its older values only if it is
 * not older.
 */
public record Latest(Map<String, StationIndex> indexes, Map<String, WindowStats> hourlyMeans) {

    public static final Latest NONE = new Latest(Map.of(), Map.of());

    public Latest {
        indexes = Map.copyOf(indexes);
        hourlyMeans = Map.copyOf(hourlyMeans);
    }

    Latest with(Aggregates made) {
        if (made.isEmpty()) {
            return this;
        }
        Map<String, StationIndex> index = new TreeMap<>(indexes);
        Map<String, WindowStats> means = new TreeMap<>(hourlyMeans);
        for (StationIndex value : made.indexes()) {
            StationIndex known = index.get(value.recordName());
            if (known == null || known.startMillis() <= value.startMillis()) {
                index.put(value.recordName(), value);
            }
        }
        for (WindowStats window : made.windows()) {
            if (!window.window().equals(AggregateWindow.HOUR) || window.count() == 0) {
                continue;
            }
            String series = window.sensor() + "/" + window.quantity().id();
            WindowStats known = means.get(series);
            if (known == null || known.startMillis() <= window.startMillis()) {
                means.put(series, window);
            }
        }
        return new Latest(index, means);
    }
}
