package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
