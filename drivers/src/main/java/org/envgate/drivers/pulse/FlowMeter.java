package org.envgate.drivers.pulse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * A Hall-effect flow meter: flow in l/min = pulses / {@code pulses-per-litre} / minutes of the
 * interval, the mean over the interval. A flow above {@code max-flow} (the meter's rated maximum)
 * by more than half is not water but noise.
 */
public record FlowMeter(double pulsesPerLitre, double maxFlow) implements PulseConversion {

    /** YF-S201: f = 7.5 x Q (Q in l/min), so 7.5 x 60 = 450 pulses a litre. */
    public static final double DEFAULT_PULSES_PER_LITRE = 450;
    /** YF-S201: 1-30 l/min. */
    public static final double DEFAULT_MAX_FLOW = 30;
    /** How far above the rated maximum a reading may go before it is called noise. */
    static final double MARGIN = 1.5;

    public FlowMeter {
        if (!(pulsesPerLitre > 0)) {
            throw new IllegalArgumentException("pulses-per-litre must be above 0, got " + pulsesPerLitre);
        }
        if (!(maxFlow > 0)) {
            throw new IllegalArgumentException("max-flow must be above 0, got " + maxFlow);
        }
    }

    @Override
    public Quantity quantity() {
        return Quantity.FLOW;
    }

    /** Up to the rated maximum with the margin; more is noise, refused by {@link #convert} already. */
    @Override
    public ValueRange range() {
        return new ValueRange(0, maxFlow * MARGIN);
    }

    /**
     * The power of ten at or below one pulse an hour ({@code 1 / (60 x pulses-per-litre)} l/min;
     * 0.00001 l/min for the YF-S201's 450 pulses a litre): the mean over any interval up to an hour
     * keeps every pulse, while the noise of the division is gone.
     */
    @Override
    public Resolution resolution() {
        BigDecimal pulseAnHour = BigDecimal.ONE.divide(BigDecimal.valueOf(pulsesPerLitre).multiply(BigDecimal.valueOf(60)),
                MathContext.DECIMAL64);
        int exponent = pulseAnHour.precision() - pulseAnHour.scale() - 1;
        return new Resolution(BigDecimal.ONE.scaleByPowerOfTen(exponent));
    }

    @Override
    public Measurement convert(long pulses, double elapsedMillis, String port) throws PulseBurstException {
        double litresPerMinute = elapsedMillis <= 0 ? 0 : pulses * 60_000.0 / (pulsesPerLitre * elapsedMillis);
        if (litresPerMinute > maxFlow * MARGIN) {
            throw new PulseBurstException(String.format(Locale.ROOT,
                    "%s: %d pulses in %.1f s is %.1f l/min, over the meter's %.1f l/min maximum; "
                            + "electrical noise on the cable, or check pulses-per-litre and max-flow",
                    port, pulses, elapsedMillis / 1000, litresPerMinute, maxFlow));
        }
        return new Measurement(Quantity.FLOW, litresPerMinute);
    }
}
