package org.envgate.gateway.buffer;

import java.util.List;
import org.envgate.wire.Reading;

/**
 * The oldest buffered readings, in the order they were taken, with the range of buffer
 * sequence numbers they occupy so they can be removed once the broker acknowledged them.
 */
public record Batch(long firstSeq, long lastSeq, List<Reading> readings) implements BufferRun {

    public static final Batch EMPTY = new Batch(-1, -1, List.of());

    @Override
    public int size() {
        return readings.size();
    }
}
