package org.envgate.drivers.bme280;

/**
 * The datasheet's integer compensation formulas (BST-BME280-DS002, section 4.2.3 and 8.2): 32-bit
 * for temperature and humidity, 64-bit for pressure, with Java's int and long wrapping and
 * shifting as the reference C code does on every platform it runs on. Pure: no I/O, no clock.
 * Temperature comes first: its fine value {@code t_fine} enters the other two.
 */
public final class Bme280Compensation {

    /** What the humidity formula returns at most: 100 %RH in Q22.10 before its last shift. */
    private static final int HUMIDITY_LIMIT = 419_430_400;

    private Bme280Compensation() {
    }

    /** {@code t_fine}: the temperature in the resolution the pressure and humidity formulas take. */
    public static int fineTemperature(Bme280Calibration c, int adcT) {
        int var1 = (((adcT >> 3) - (c.t1() << 1)) * c.t2()) >> 11;
        int var2 = (((((adcT >> 4) - c.t1()) * ((adcT >> 4) - c.t1())) >> 12) * c.t3()) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 Cel: 5123 is 51.23 Cel. */
    public static int temperatureCentiCelsius(int fineTemperature) {
        return (fineTemperature * 5 + 128) >> 8;
    }

    /**
     * Pressure in Pa as Q24.8 (24 integer and 8 fractional bits): 24674867 is 96386.2 Pa. 0 when
     * the calibration would divide by zero (a chip with broken trimming): outside any range.
     */
    public static long pressureQ24p8(Bme280Calibration c, int fineTemperature, int adcP) {
        long var1 = (long) fineTemperature - 128000;
        long var2 = var1 * var1 * c.p6();
        var2 = var2 + ((var1 * c.p5()) << 17);
        var2 = var2 + ((long) c.p4() << 35);
        var1 = ((var1 * var1 * c.p3()) >> 8) + ((var1 * c.p2()) << 12);
        var1 = (((1L << 47) + var1) * c.p1()) >> 33;
        if (var1 == 0) {
            return 0;
        }
        long p = 1_048_576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = ((long) c.p9() * (p >> 13) * (p >> 13)) >> 25;
        var2 = ((long) c.p8() * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long) c.p7() << 4);
        return p & 0xFFFF_FFFFL;
    }

    /** Relative humidity in %RH as Q22.10: 47445 is 46.333 %RH. Held to 0 to 100 %RH by the formula itself. */
    public static int humidityQ22p10(Bme280Calibration c, int fineTemperature, int adcH) {
        int x = fineTemperature - 76800;
        int humidity = (((adcH << 14) - (c.h4() << 20) - (c.h5() * x)) + 16384) >> 15;
        int temperatureTerm = ((((x * c.h6()) >> 10) * (((x * c.h3()) >> 11) + 32768)) >> 10) + 2_097_152;
        int v = humidity * ((temperatureTerm * c.h2() + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * c.h1()) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, HUMIDITY_LIMIT);
        return v >> 12;
    }
}
