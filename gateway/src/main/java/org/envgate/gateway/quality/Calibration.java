package org.envgate.gateway.quality;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * A linear calibration of one quantity of one sensor against a reference, with its provenance:
 * {@code v = slope * x + offset + sum(coefficient * latest value of term)}. The terms are other
 * quantities of the station (e.g. relative humidity in the US EPA correction of Plantower PM
 * sensors), or another quantity of the same sensor read in the same poll.
 *
 * @param terms     coefficient per term
 * @param date      the day the calibration was made (UTC); needed for {@code maxAge}
 * @param reference what it was calibrated against, in the user's words; empty when not given
 * @param maxAge    after this long from {@code date} the calibration is old and its readings suspect
 */
public record Calibration(double slope, double offset, Map<Term, Double> terms, Optional<LocalDate> date,
                          String reference, Optional<Duration> maxAge) {

    public Calibration {
        terms = Map.copyOf(terms);
        if (maxAge.isPresent() && date.isEmpty()) {
            throw new IllegalArgumentException("a calibration's max-age needs its date");
        }
    }

    /** Whether a reading taken at {@code timeMillis} (epoch) is past this calibration's max-age. */
    public boolean tooOldAt(long timeMillis) {
        if (maxAge.isEmpty()) {
            return false;
        }
        long made = date.orElseThrow().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return timeMillis - made > maxAge.get().toMillis();
    }
}
