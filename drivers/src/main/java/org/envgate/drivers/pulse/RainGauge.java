package org.envgate.drivers.pulse;

import java.math.BigDecimal;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * A tipping-bucket rain gauge: rainfall in the interval = tips x {@code mm-per-tip}. The bucket
 * needs about a second to swing over and settle, so more than {@link #MAX_TIPS_PER_MINUTE} tips
 * a minute is not rain. At 0.2794 mm a tip that limit is about 840 mm/h, far above any rain
 * intensity such a gauge can follow.
 */
public record RainGauge(double mmPerTip) implements PulseConversion {

    /** The common 0.01 in bucket (Davis, Misol/Sparkfun WH-SP-RG and their clones). */
    public static final double DEFAULT_MM_PER_TIP = 0.2794;
    public static final int MAX_TIPS_PER_MINUTE = 50;
    /**
     * Rainfall in one interval, of any length: above the greatest rainfall ever measured in a day
     * (1825 mm, Reunion, 1966), so no rain is refused; a burst of noise within a short interval is
     * refused by the tip rate.
     */
    static final ValueRange RAINFALL_RANGE = new ValueRange(0, 2000);

    public RainGauge {
        if (!(mmPerTip > 0 && mmPerTip <= 10)) {
            throw new IllegalArgumentException("mm-per-tip must be above 0 and at most 10, got " + mmPerTip);
        }
    }

    @Override
    public Quantity quantity() {
        return Quantity.RAINFALL;
    }

    @Override
    public ValueRange range() {
        return RAINFALL_RANGE;
    }

    /** One tip: {@code mm-per-tip} as configured, e.g. 0.2794 mm. */
    @Override
    public Resolution resolution() {
        return new Resolution(BigDecimal.valueOf(mmPerTip));
    }

    @Override
    public Measurement convert(long pulses, double elapsedMillis, String port) throws PulseBurstException {
        // One tip more than the rate allows, so a tip at each end of a short interval still passes.
        double allowed = Math.floor(MAX_TIPS_PER_MINUTE * elapsedMillis / 60_000.0) + 1;
        if (pulses > allowed) {
            throw new PulseBurstException(String.format(java.util.Locale.ROOT,
                    "%s: %d tips in %.1f s is more than a tipping bucket can do (%d a minute); "
                            + "electrical noise on the cable or a missing pull-up?",
                    port, pulses, elapsedMillis / 1000, MAX_TIPS_PER_MINUTE));
        }
        return new Measurement(Quantity.RAINFALL, pulses * mmPerTip);
    }
}
