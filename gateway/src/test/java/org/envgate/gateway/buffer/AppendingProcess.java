package org.envgate.gateway.buffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * A process that appends numbered readings to a buffer as fast as it can and prints the count
 * after each commit, for {@link PowerLossTest} to kill at random moments: with groups this
 * large SQLite checkpoints its log into the database every few dozen commits, so some kills
 * land in the middle of a checkpoint.
 */
public final class AppendingProcess {

    static final int GROUP = 2_000;

    private AppendingProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(new StorageConfig(Path.of(args[0]),
                StorageConfig.DEFAULT_MAX_SIZE, StorageConfig.WhenFull.DROP_OLDEST, 0))) {
            long next = buffer.count();
            while (true) {
                buffer.append(readings(next, GROUP));
                next += GROUP;
                System.out.println(next);
                System.out.flush();
            }
        }
    }

    static List<Reading> readings(long from, int count) {
        List<Reading> list = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            list.add(new Reading("pm", Quantity.PM2_5, i, 1_700_000_000_000L + i));
        }
        return list;
    }
}
