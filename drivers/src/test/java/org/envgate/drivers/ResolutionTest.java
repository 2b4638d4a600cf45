package org.envgate.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    @Test
    void roundsToTheNearestMultipleAsTheDoubleOfThatDecimal() {
        assertEquals("7.52", Double.toString(Resolution.of("0.01").round(7.5200000000000005)));
        assertEquals("412.34", Double.toString(Resolution.of("0.01").round(412.3352355957031)));
        assertEquals("412.0", Double.toString(Resolution.of("1").round(412.3352355957031)));
        assertEquals("23.1875", Double.toString(Resolution.of("0.0625").round(23.187)));
        assertEquals("-10.125", Double.toString(Resolution.of("0.0625").round(-10.125)));
        assertEquals("1.2954", Double.toString(Resolution.of("0.0254").round(51 * 254 / 10000.0)));
        assertEquals("0.8382", Double.toString(Resolution.of("0.2794").round(3 * 0.2794)));
    }

    @Test
    void halfwayGoesToTheEvenMultipleTakingTheValueAtItsShortestDecimalForm() {
        assertEquals(2.68, Resolution.of("0.01").round(2.675));
        assertEquals(2.62, Resolution.of("0.01").round(2.625));
        assertEquals(0.0, Resolution.of("1").round(0.5));
        assertEquals(2.0, Resolution.of("1").round(1.5));
        assertEquals(-2.0, Resolution.of("1").round(-2.5));
    }

    @Test
    void zeroIsNeverNegativeAndNonFiniteValuesPassUnchanged() {
        assertEquals("0.0", Double.toString(Resolution.of("0.1").round(-0.04)));
        assertEquals(Double.NaN, Resolution.of("0.1").round(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, Resolution.of("0.1").round(Double.POSITIVE_INFINITY));
    }

    @Test
    void aShiftedGridTakesTheFinerLastDecimalPlace() {
        Resolution inch = Resolution.of("0.0254");
        assertEquals(inch, inch.shiftedBy(new BigDecimal("2.54")));
        assertEquals(inch, inch.shiftedBy(BigDecimal.ZERO));
        assertEquals(Resolution.of("0.0001"), inch.shiftedBy(new BigDecimal("2.5")));
        assertEquals(Resolution.of("0.001"), Resolution.of("0.001").shiftedBy(new BigDecimal("3")));
        assertEquals(Resolution.of("0.00001"), Resolution.of("0.001").shiftedBy(new BigDecimal("1.23456")));
        assertEquals(Resolution.of("1"), Resolution.of("5").shiftedBy(new BigDecimal("2")));
    }

    @Test
    void aStepIsAboveZeroAndWrittenPlain() {
        assertThrows(IllegalArgumentException.class, () -> Resolution.of("0"));
        assertThrows(IllegalArgumentException.class, () -> Resolution.of("-0.1"));
        assertEquals("0.0625", Resolution.of("0.06250").toString());
        assertEquals("10", Resolution.of("1E+1").toString());
        assertEquals(Resolution.of("0.1"), Resolution.of("0.100"));
    }
}
