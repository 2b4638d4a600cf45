package org.envgate.drivers.line;

import java.util.function.LongSupplier;

/**
 * A line as java.util.regex reads it, with a deadline: once it has passed, the next
 * {@link #charAt} throws, which ends any match in progress. A regular expression can backtrack
 * for longer than the age of the universe on a short line ({@code (a+)+b} on forty {@code a}s);
 * the matcher reads the input only through {@code charAt}, so this bounds every match.
 */
final class DeadlineCharSequence implements CharSequence {

    /** The clock is read once every this many characters: cheap, and still within microseconds of the deadline. */
    private static final int CHECK_EVERY = 256;

    /** Thrown from {@link #charAt} once the deadline has passed. */
    static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed() {
            super(null, null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private final LongSupplier nanoClock;
    private int reads;

    DeadlineCharSequence(CharSequence text, long deadlineNanos, LongSupplier nanoClock) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
        this.nanoClock = nanoClock;
    }

    @Override
    public char charAt(int index) {
        if (++reads % CHECK_EVERY == 0 && nanoClock.getAsLong() - deadlineNanos > 0) {
            throw new DeadlinePassed();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineCharSequence(text.subSequence(start, end), deadlineNanos, nanoClock);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
