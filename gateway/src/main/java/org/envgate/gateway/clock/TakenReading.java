package org.envgate.gateway.clock;

import org.envgate.wire.Reading;

/**
 * A reading as the sensor side hands it to the buffer, with both stamps of the moment it was
 * read. When {@code timed} is false the reading's own time is the untrusted wall clock, and
 * its true time is derived from {@code monoMillis} once the clock is trusted.
 */
public record TakenReading(Reading reading, long monoMillis, boolean timed) {
}
