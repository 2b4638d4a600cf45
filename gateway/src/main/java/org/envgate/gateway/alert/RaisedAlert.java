package org.envgate.gateway.alert;

import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.Quantity;

/**
 * A rule raised now, as the event that raised it left it in {@code alert_state}: for the status
 * page.
 *
 * @param sinceMillis the raising event's time
 * @param value       the raising event's value (a rate per minute for a rate rule); empty for a
 *                    state saved before values were kept
 * @param threshold   the threshold it crossed; empty as {@code value}
 */
public record RaisedAlert(AlertRule rule, long sinceMillis, OptionalDouble value, OptionalDouble threshold) {

    /** The most severe first, then the longest raised. */
    public static final Comparator<RaisedAlert> MOST_SEVERE_FIRST = Comparator
            .comparing((RaisedAlert alert) -> alert.rule().severity()).reversed()
            .thenComparingLong(RaisedAlert::sinceMillis);

    static RaisedAlert of(AlertRule rule, AlertEvent event) {
        return new RaisedAlert(rule, event.timeMillis(), OptionalDouble.of(event.value()),
                OptionalDouble.of(event.threshold()));
    }

    /**
     * The unit of {@code value} and {@code threshold}: the source quantity's SenML unit, per
     * minute ({@code m/min}) for a rate rule; empty for the station's index, which has none.
     */
    public Optional<String> unit() {
        if (AlertEvent.STATION_SOURCES.contains(rule.source())) {
            return Optional.empty();
        }
        String quantity = rule.source().substring(rule.source().indexOf('/') + 1);
        return Quantity.byId(quantity)
                .map(q -> rule.measure() == AlertRule.Measure.RATE ? q.unit() + "/min" : q.unit());
    }
}
