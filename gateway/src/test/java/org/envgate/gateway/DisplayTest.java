package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;

class DisplayTest {

    @Test
    void showsAValueAsTheSensorResolvedIt() {
        assertEquals("412", Display.value(412));
        assertEquals("7.52", Display.value(7.52));
        assertEquals("7.012", Display.value(7.012));
        assertEquals("0.0625", Display.value(0.0625));
        assertEquals("-3.125", Display.value(-3.125));
        assertEquals("0.00001", Display.value(0.00001));
        assertEquals("12345678.5", Display.value(12345678.5));
        assertEquals("0", Display.value(-0.0));
        assertEquals("NaN", Display.value(Double.NaN));
    }

    @Test
    void showsAReadingWithWhatQualityControlSaidWhenItDidNotPass() {
        long t = 1_795_880_791_630L;
        assertEquals("pm2_5 16 ug/m3", Display.reading(new Reading("pm", Quantity.PM2_5, 16, t)));
        assertEquals("pm2_5 16 ug/m3 (suspect: flat_line, spike)", Display.reading(new Reading("pm", Quantity.PM2_5, 16, t,
                new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE, QcTest.FLAT_LINE), Double.NaN))));
        assertEquals("pm10 1200 ug/m3 (fail: gross_range; calibrated, raw 990)", Display.reading(new Reading("pm",
                Quantity.PM10, 1200, t, new Quality(QcFlag.FAIL, Set.of(QcTest.GROSS_RANGE), 990))));
        assertEquals("pm2_5 12.35 ug/m3 (calibrated, raw 14)", Display.reading(new Reading("pm", Quantity.PM2_5, 12.35, t,
                new Quality(QcFlag.PASS, Set.of(), 14))));
        assertEquals("ph 7.01 pH (not evaluated: warm_up)", Display.reading(new Reading("ph", Quantity.PH, 7.01, t,
                new Quality(QcFlag.NOT_EVALUATED, Set.of(QcTest.WARM_UP), Double.NaN))));
        assertEquals("not evaluated", Display.quality(new Quality(QcFlag.NOT_EVALUATED, Set.of(), Double.NaN)));
        assertEquals("", Display.quality(Quality.GOOD));
    }
}
