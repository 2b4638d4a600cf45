package org.envgate.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one {@code P/G/aggregates} pack carries: windows' statistics and station index values,
 * each window at most once.
 */
public record Aggregates(List<WindowStats> windows, List<StationIndex> indexes) {

    public Aggregates {
        windows = List.copyOf(windows);
        indexes = List.copyOf(indexes);
        Set<List<Object>> seen = new HashSet<>();
        for (WindowStats window : windows) {
            if (!seen.add(List.of(window.sensor(), window.quantity(), window.window(), window.startMillis()))) {
                throw new IllegalArgumentException("window " + window.recordName(WindowStats.Stat.MEAN) + " at "
                        + window.startMillis() + " ms twice in one pack");
            }
        }
        for (StationIndex index : indexes) {
            if (!seen.add(List.of(index.scale(), index.window(), index.startMillis()))) {
                throw new IllegalArgumentException("index " + index.field() + " at " + index.startMillis()
                        + " ms twice in one pack");
            }
        }
    }

    public static Aggregates ofWindows(List<WindowStats> windows) {
        return new Aggregates(windows, List.of());
    }

    public static Aggregates ofIndexes(List<StationIndex> indexes) {
        return new Aggregates(List.of(), indexes);
    }

    public boolean isEmpty() {
        return windows.isEmpty() && indexes.isEmpty();
    }

    /** The number of SenML records the pack holds. */
    public int recordCount() {
        int records = indexes.size();
        for (WindowStats window : windows) {
            records += window.count() == 0 ? 2 : WindowStats.Stat.values().length;
        }
        return records;
    }
}
