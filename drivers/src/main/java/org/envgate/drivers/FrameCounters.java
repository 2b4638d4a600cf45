package org.envgate.drivers;

/** What a driver's decoder has seen since start: good frames and the ones it dropped. */
public record FrameCounters(long good, long checksumErrors, long malformed) {
    public static final FrameCounters NONE = new FrameCounters(0, 0, 0);
}
