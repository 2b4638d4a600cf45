package org.envgate.gateway.aqi;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.envgate.wire.Quantity;

/**
 * A station's index: the highest of its pollutants' indexes, and which pollutant that is
 * (Decision 1459/QD-TCMT, sections 2.2.1.c and 2.2.2.c; the US EPA reports the same way).
 *
 * @param value     the index, 0 to 500
 * @param category  its category
 * @param dominant  the pollutant with the highest index; on a tie the first in
 *                  {@link Quantity} order ({@code pm2_5} before {@code pm10})
 */
public record IndexValue(int value, Category category, Quantity dominant) {

    private static final Comparator<SubIndex> HIGHEST_FIRST = Comparator
            .comparingInt(SubIndex::value).reversed()
            .thenComparing(SubIndex::pollutant);

    public IndexValue {
        if (category != Category.of(value)) {
            throw new IllegalArgumentException("index " + value + " is in category " + Category.of(value) + ", not " + category);
        }
    }

    /** The station's index from the pollutants that have one; empty when none has. */
    public static Optional<IndexValue> of(Collection<SubIndex> subIndexes) {
        return subIndexes.stream()
                .min(HIGHEST_FIRST)
                .map(top -> new IndexValue(top.value(), top.category(), top.pollutant()));
    }
}
