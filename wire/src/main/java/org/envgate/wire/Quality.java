package org.envgate.wire;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What a careful lab records beside a value: its QC flag, the tests that flagged it, and the
 * value before calibration when one was applied ({@code ../DESIGN.md}, section Quality).
 *
 * @param flag  the QARTOD flag: the worst of the tests' results
 * @param tests the tests that gave a flag other than pass; empty when the flag is pass
 * @param raw   the value before calibration; NaN when no calibration was applied
 */
public record Quality(QcFlag flag, Set<QcTest> tests, double raw) {

    /** Passed every test, no calibration: nothing beside the value. */
    public static final Quality GOOD = new Quality(QcFlag.PASS, Set.of(), Double.NaN);

    public Quality {
        Objects.requireNonNull(flag, "flag");
        tests = tests.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tests));
        if (flag == QcFlag.PASS && !tests.isEmpty()) {
            throw new IllegalArgumentException("a reading that passed has no flagging tests: " + tests);
        }
        if (Double.isInfinite(raw)) {
            throw new IllegalArgumentException("raw value must be finite: " + raw);
        }
    }

    public boolean calibrated() {
        return !Double.isNaN(raw);
    }

    public boolean good() {
        return flag == QcFlag.PASS && !calibrated();
    }

    /** The tests' names comma-separated in declaration order ({@code qt}), or empty. */
    public String testNames() {
        StringJoiner names = new StringJoiner(",");
        for (QcTest test : QcTest.values()) {
            if (tests.contains(test)) {
                names.add(test.id());
            }
        }
        return names.toString();
    }

    /** The flagging tests as bits (bit i = {@code QcTest.values()[i]}), for compact storage. */
    public int testBits() {
        int bits = 0;
        for (QcTest test : tests) {
            bits |= 1 << test.ordinal();
        }
        return bits;
    }

    /** The tests of {@link #testBits()}. */
    public static Set<QcTest> testsOf(int bits) {
        EnumSet<QcTest> tests = EnumSet.noneOf(QcTest.class);
        for (QcTest test : QcTest.values()) {
            if ((bits & (1 << test.ordinal())) != 0) {
                tests.add(test);
            }
        }
        return tests;
    }
}
