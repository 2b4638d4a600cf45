package org.envgate.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void aCounterAndAGaugeAreWrittenWithHelpTypeAndSamples() {
        PrometheusText text = new PrometheusText();
        text.counter("envgate_readings_sent_total", "Readings the broker acknowledged.").sample(42);
        text.gauge("envgate_backlog_readings", "Readings waiting.").sample(3, "sensor", "pm").sample(0.25, "sensor", "rh");
        assertEquals("""
                # HELP envgate_readings_sent_total Readings the broker acknowledged.
                # TYPE envgate_readings_sent_total counter
                envgate_readings_sent_total 42
                # HELP envgate_backlog_readings Readings waiting.
                # TYPE envgate_backlog_readings gauge
                envgate_backlog_readings{sensor="pm"} 3
                envgate_backlog_readings{sensor="rh"} 0.25
                """, text.toString());
    }

    @Test
    void aHostileLabelValueCannotEndItsLineOrItsQuotes() {
        PrometheusText text = new PrometheusText();
        text.gauge("envgate_x", "x").sample(1, "gateway", "a\"} 1\nevil_metric{b=\"\\");
        String written = text.toString();
        assertTrue(written.contains("envgate_x{gateway=\"a\\\"} 1\\nevil_metric{b=\\\"\\\\\"} 1\n"), written);
        assertFalse(written.contains("\nevil_metric"), written);
    }

    @Test
    void aLongLabelValueIsCutAndNeverHalfASurrogatePair() {
        String longValue = "a".repeat(PrometheusText.MAX_LABEL_VALUE_LENGTH - 1) + "\uD83D\uDE00tail";
        assertEquals("a".repeat(PrometheusText.MAX_LABEL_VALUE_LENGTH - 1), PrometheusText.escapeLabelValue(longValue));
        assertEquals("x".repeat(PrometheusText.MAX_LABEL_VALUE_LENGTH),
                PrometheusText.escapeLabelValue("x".repeat(1_000)));
    }

    @Test
    void seriesPastTheBoundAndRepeatedSeriesAreLeftOutAndCounted() {
        PrometheusText text = new PrometheusText(2);
        PrometheusText.Metric metric = text.counter("envgate_things_total", "things");
        metric.sample(1, "id", "a").sample(2, "id", "a").sample(3, "id", "b").sample(4, "id", "c");
        String written = text.toString();
        assertTrue(written.contains("envgate_things_total{id=\"a\"} 1\n"), written);
        assertFalse(written.contains("envgate_things_total{id=\"a\"} 2"), written);
        assertTrue(written.contains("envgate_things_total{id=\"b\"} 3\n"), written);
        assertFalse(written.contains("{id=\"c\"}"), written);
        assertTrue(written.endsWith("# TYPE envgate_metrics_series_omitted gauge\n"
                + "envgate_metrics_series_omitted{metric=\"envgate_things_total\"} 2\n"), written);
    }

    @Test
    void aHistogramHasCumulativeBucketsSumAndCount() {
        Histogram latency = new Histogram(0.1, 1);
        latency.observe(0.05);
        latency.observe(0.1);
        latency.observe(0.5);
        latency.observe(7);
        PrometheusText text = new PrometheusText();
        text.histogram("envgate_store_write_seconds", "How long a write took.", latency);
        assertEquals("""
                # HELP envgate_store_write_seconds How long a write took.
                # TYPE envgate_store_write_seconds histogram
                envgate_store_write_seconds_bucket{le="0.1"} 2
                envgate_store_write_seconds_bucket{le="1"} 3
                envgate_store_write_seconds_bucket{le="+Inf"} 4
                envgate_store_write_seconds_sum 7.65
                envgate_store_write_seconds_count 4
                """, text.toString());
    }

    @Test
    void numbersAreWrittenAsTheFormatSpellsThem() {
        assertEquals("0", PrometheusText.number(0));
        assertEquals("12345678901", PrometheusText.number(12_345_678_901L));
        assertEquals("1.5", PrometheusText.number(1.5));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void helpTextKeepsToOneLine() {
        PrometheusText text = new PrometheusText();
        text.gauge("envgate_y", "first\nsecond \\ third").sample(1);
        assertTrue(text.toString().startsWith("# HELP envgate_y first\\nsecond \\\\ third\n"), text.toString());
    }

    @Test
    void namesAndTypesAreTheProgramsToGetRight() {
        PrometheusText text = new PrometheusText();
        assertThrows(IllegalArgumentException.class, () -> text.counter("envgate_sent", "a counter without _total"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge("envgate-bad", "a dash"));
        assertThrows(IllegalArgumentException.class, () -> text.gauge(PrometheusText.OMITTED, "reserved"));
        text.gauge("envgate_z", "z");
        assertThrows(IllegalArgumentException.class, () -> text.gauge("envgate_z", "twice"));
        PrometheusText.Metric metric = text.gauge("envgate_w", "w");
        assertThrows(IllegalArgumentException.class, () -> metric.sample(1, "bad-label", "v"));
        assertThrows(IllegalArgumentException.class, () -> metric.sample(1, "__reserved", "v"));
        assertThrows(IllegalArgumentException.class, () -> metric.sample(1, "odd"));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(1, 0.5));
    }
}
