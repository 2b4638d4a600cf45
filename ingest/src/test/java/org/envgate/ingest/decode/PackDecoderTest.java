package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.ingest.testing.BadPacks;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.IndexScale;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PackDecoderTest {

    private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final PackLimits LIMITS = new PackLimits(256 * 1024, Duration.ofDays(90), Duration.ofMinutes(10));
    private static final Map<String, StationTags> TAGS = Map.of("gw-1",
            new StationTags(Optional.of("lien-chieu"), Map.of("pm", "pms5003")));

    private final PackDecoder decoder = new PackDecoder("envgate", LIMITS, new Stations(TAGS), true);

    @Test
    void aTopicWithTheWrongNumberOfLevelsForItsKindIsRejectedNotAFault() {
        byte[] event = "{}".getBytes(StandardCharsets.UTF_8);
        for (String topic : List.of("envgate/gw-1/alerts", "envgate/gw-1/readings/extra", "envgate/gw-1/alerts/flood/x",
                "envgate/la/alerts_")) {
            Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, decoder.decode(topic, event, NOW), topic);
            assertTrue(rejected.reason().startsWith("topic '" + topic + "' is not envgate/<gateway>/<kind> or "
                    + "envgate/<gateway>/alerts/<rule>") || rejected.reason().contains("unknown message kind"),
                    rejected.reason());
            assertTrue(!rejected.reason().contains("undecodable"), rejected.reason());
        }
    }

    @Test
    void aGatewaysOwnPackBecomesOnePointPerReadingWithItsTagsAndTime() {
        byte[] pack = SenmlCodec.encode("gw-1", List.of(
                new Reading("pm", Quantity.PM2_5, 12, NOW - 20_000),
                new Reading("pm", Quantity.PM10, 20.5, NOW - 20_000),
                new Reading("water", Quantity.PH, 7.125, NOW - 10_001)));

        Decoded decoded = decoder.decode("envgate/gw-1/readings", pack, NOW);

        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoded);
        assertEquals(List.of(
                "pm2_5,gateway=gw-1,model=pms5003,sensor=pm,site=lien-chieu value=12.0 " + (NOW - 20_000),
                "pm10,gateway=gw-1,model=pms5003,sensor=pm,site=lien-chieu value=20.5 " + (NOW - 20_000),
                "ph,gateway=gw-1,sensor=water,site=lien-chieu value=7.125 " + (NOW - 10_001)), points.lines());
        assertEquals(3, points.readings());
    }

    @Test
    void aWindowsStatisticsBecomeOnePointAtItsStartTaggedLikeItsReadings() {
        long hour = NOW - 3_600_000;
        byte[] pack = AggregateCodec.encode("gw-1", Aggregates.ofWindows(List.of(
                new WindowStats("pm", Quantity.PM2_5, AggregateWindow.HOUR, hour, 358, 23.4, 11, 61.5, 0.995),
                new WindowStats("water", Quantity.PH, AggregateWindow.MINUTE, NOW - 60_000, 0, Double.NaN, Double.NaN,
                        Double.NaN, 0))));

        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/gw-1/aggregates", pack, NOW));

        assertEquals(List.of(
                "pm2_5_1h,gateway=gw-1,model=pms5003,sensor=pm,site=lien-chieu mean=23.4,min=11.0,max=61.5,count=358i,"
                        + "cover=0.995 " + hour,
                "ph_1m,gateway=gw-1,sensor=water,site=lien-chieu count=0i,cover=0.0 " + (NOW - 60_000)), points.lines());
        assertEquals(0, points.readings());
    }

    @Test
    void anIndexValueBecomesAPointInAqiWithItsDominantPollutantAsTextAndAsANumber() {
        byte[] pack = AggregateCodec.encode("gw-1", Aggregates.ofIndexes(List.of(
                new StationIndex(IndexScale.VN, AggregateWindow.HOUR, NOW - 3_600_000, 73, 2, Quantity.PM2_5),
                new StationIndex(IndexScale.US, AggregateWindow.DAY, NOW - 86_400_000, 151, 4, Quantity.PM10))));

        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/gw-1/aggregates", pack, NOW));

        assertEquals(List.of(
                "aqi,gateway=gw-1,index=vn,site=lien-chieu,window=1h value=73i,category=2i,dominant=\"pm2_5\",dominant_pm2_5=1i "
                        + (NOW - 3_600_000),
                "aqi,gateway=gw-1,index=us,site=lien-chieu,window=24h value=151i,category=4i,dominant=\"pm10\",dominant_pm10=1i "
                        + (NOW - 86_400_000)), points.lines());
    }

    @Test
    void aBadAggregatesPackIsRejectedWholeWithTheRecordNamed() {
        String wrongCategory = "[{\"bn\":\"gw-1/\",\"n\":\"pm/pm2_5/count_1h\",\"u\":\"count\",\"v\":0,\"t\":1767222000},"
                + "{\"n\":\"pm/pm2_5/cover_1h\",\"u\":\"/\",\"v\":0,\"t\":1767222000},"
                + "{\"n\":\"_station/aqi_vn_1h\",\"v\":51,\"t\":1767222000,\"cat\":1,\"dom\":\"pm2_5\"}]";
        Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class,
                decoder.decode("envgate/gw-1/aggregates", wrongCategory.getBytes(StandardCharsets.UTF_8), NOW));
        assertEquals("gw-1", rejected.gateway());
        assertEquals("record 2 (gw-1/_station/aqi_vn_1h): aqi_vn_1h: index 51 is in category 2, not 1", rejected.reason());

        byte[] otherGateway = AggregateCodec.encode("gw-2", Aggregates.ofIndexes(List.of(
                new StationIndex(IndexScale.VN, AggregateWindow.HOUR, NOW - 3_600_000, 73, 2, Quantity.PM2_5))));
        assertTrue(assertInstanceOf(Decoded.Rejected.class, decoder.decode("envgate/gw-1/aggregates", otherGateway, NOW))
                .reason().contains("name does not start with the gateway id 'gw-1/'"));

        long tooOld = NOW - Duration.ofDays(91).toMillis() / 86_400_000 * 86_400_000;
        byte[] old = AggregateCodec.encode("gw-1", Aggregates.ofWindows(List.of(
                new WindowStats("pm", Quantity.PM2_5, AggregateWindow.DAY, tooOld, 1, 5, 5, 5, 0.1))));
        assertTrue(assertInstanceOf(Decoded.Rejected.class, decoder.decode("envgate/gw-1/aggregates", old, NOW))
                .reason().startsWith("window gw-1/pm/pm2_5/count_24h: time 2025-10-02T00:00:00Z is more than max-age 90d ago"));
    }

    @Test
    void aReadingsQualityBecomesFieldsOfItsPointOnlyWhereItIsNotPlainlyGood() {
        byte[] pack = SenmlCodec.encode("gw-2", List.of(
                new Reading("pm", Quantity.PM2_5, 12.3, NOW, new Quality(QcFlag.PASS, Set.of(), 18)),
                new Reading("pm", Quantity.PM10, 20, NOW,
                        new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE, QcTest.FLAT_LINE), Double.NaN)),
                new Reading("pm", Quantity.PM1_0, 9.5, NOW, new Quality(QcFlag.FAIL, Set.of(QcTest.GROSS_RANGE), 9)),
                new Reading("ph", Quantity.PH, 7.01, NOW, new Quality(QcFlag.NOT_EVALUATED, Set.of(), Double.NaN)),
                new Reading("ph", Quantity.ORP, 100, NOW)));

        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/gw-2/readings", pack, NOW));

        assertEquals(List.of(
                "pm2_5,gateway=gw-2,sensor=pm value=12.3,raw=18.0 " + NOW,
                "pm10,gateway=gw-2,sensor=pm value=20.0,qc=3i,qc_tests=\"flat_line,spike\",qc_flat_line=1i,qc_spike=1i " + NOW,
                "pm1_0,gateway=gw-2,sensor=pm value=9.5,qc=4i,qc_tests=\"gross_range\",qc_gross_range=1i,raw=9.0 " + NOW,
                "ph,gateway=gw-2,sensor=ph value=7.01,qc=2i " + NOW,
                "orp,gateway=gw-2,sensor=ph value=100.0 " + NOW), points.lines());
        assertEquals(5, points.readings());
        assertEquals(new QcCounts(2, 1, 1, 1), points.flags());
    }

    @Test
    void aPackWithAMalformedQualityFieldIsRejectedWithTheRecordAndField() {
        byte[] pack = ("[{\"bn\":\"gw-1/\",\"n\":\"pm/pm2_5\",\"u\":\"ug/m3\",\"v\":12,\"t\":" + NOW / 1000
                + ",\"qc\":3,\"qt\":\"spike,\\u0000\"}]").getBytes(StandardCharsets.UTF_8);

        Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, decoder.decode("envgate/gw-1/readings", pack, NOW));

        assertTrue(rejected.reason().contains("record 0 (gw-1/pm/pm2_5): 'qt' names an unknown test '?'"), rejected.reason());
    }

    @Test
    void aGatewayUnknownToTheConfigIsTaggedWithGatewayAndSensorOnly() {
        byte[] pack = SenmlCodec.encode("gw-2", List.of(new Reading("co2", Quantity.CO2, 415, NOW)));

        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/gw-2/readings", pack, NOW));

        assertEquals(List.of("co2,gateway=gw-2,sensor=co2 value=415.0 " + NOW), points.lines());
    }

    static List<BadPacks.Case> badPacks() throws IOException {
        return BadPacks.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPacks")
    void rejectsEveryKindOfBadPackWholeWithItsReason(BadPacks.Case bad) {
        Decoded decoded = decoder.decode(bad.topic(), bad.payloadAt(NOW), NOW);

        Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, decoded);
        assertTrue(rejected.reason().contains(bad.reason()), rejected.reason());
        assertEquals(bad.gatewayLevel(), rejected.gateway());
    }

    @Test
    void rejectsAPackLargerThanTheLimitBeforeParsingIt() {
        byte[] big = "[".concat(" ".repeat(300 * 1024)).concat("]").getBytes(StandardCharsets.UTF_8);

        Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class,
                decoder.decode("envgate/gw-1/readings", big, NOW));

        assertTrue(rejected.reason().contains("larger than max-size 262144"), rejected.reason());
    }

    @Test
    void ignoresItsOwnDeadLetters() {
        assertInstanceOf(Decoded.Ignored.class, decoder.decode("envgate/_rejected/readings", new byte[] {1}, NOW));
    }

    @Test
    void statusBecomesAnOnlinePointAtTheTimeItArrived() {
        String status = "{\"state\":\"offline\",\"gateway\":\"gw-1\",\"version\":\"0.1.0\",\"time\":1767225000.5}";

        Decoded.Points points = assertInstanceOf(Decoded.Points.class,
                decoder.decode("envgate/gw-1/status", status.getBytes(StandardCharsets.UTF_8), NOW));

        assertEquals(List.of("gateway_status,gateway=gw-1,site=lien-chieu online=0.0,state=\"offline\",version=\"0.1.0\" "
                + NOW), points.lines());
        assertEquals(0, points.readings());
    }

    @Test
    void healthBecomesFixedFieldsPerGatewayAndPerSensorAndUnknownKeysAreOnlyCounted() {
        String health = """
                {"gateway":"gw-1","version":"0.1.0","time":1767225590,"uptime_s":86400,"backlog":120,
                 "oldest_unsent_age_s":35.5,"sent":25920,"resent":40,"dropped":7,"storage_used_bytes":16384,
                 "disk_free_bytes":8564870758,"clock":"synchronized","untimed":0,"clock_jumps":1,
                 "load":0.5,"clock-synced":true,"timestamp":3,
                 "sensors":{"pm":{"model":"pms5003","port":"/dev/serial0","state":"ok","faults":3,"errors":3,
                                  "qc_pass":8630,"qc_not_evaluated":6,"qc_suspect":44,"qc_fail":1},
                            "co2":{"model":"mhz19b","port":"/dev/ttyUSB0","state":"no_response","faults":5,
                                   "fault":"no answer within 1s"}}}""";

        Decoded.Points points = assertInstanceOf(Decoded.Points.class,
                decoder.decode("envgate/gw-1/health", health.getBytes(StandardCharsets.UTF_8), NOW));

        assertEquals(List.of("gateway_health,gateway=gw-1,site=lien-chieu version=\"0.1.0\",uptime_s=86400.0,backlog=120.0,"
                        + "oldest_unsent_age_s=35.5,sent=25920.0,resent=40.0,dropped=7.0,storage_used_bytes=16384.0,"
                        + "disk_free_bytes=8564870758,clock=\"synchronized\",clock_code=0i,untimed=0.0,clock_jumps=1.0 1767225590000",
                "sensor_health,gateway=gw-1,sensor=pm,site=lien-chieu model=\"pms5003\",port=\"/dev/serial0\",state=\"ok\",state_code=0i,"
                        + "faults=3.0,qc_pass=8630.0,qc_not_evaluated=6.0,qc_suspect=44.0,qc_fail=1.0 1767225590000",
                "sensor_health,gateway=gw-1,sensor=co2,site=lien-chieu model=\"mhz19b\",port=\"/dev/ttyUSB0\","
                        + "state=\"no_response\",state_code=3i,faults=5.0,fault=\"no answer within 1s\" 1767225590000"), points.lines());
        assertEquals(4, points.unknownKeys(), "load, clock-synced, timestamp and the sensor's errors");
        assertEquals(0, points.readings());
    }

    @Test
    void healthFromTheGatewaysOwnClassIsStoredWhole() throws Exception {
        GatewayHealth health = new GatewayHealth("gw-2", "0.1.0", OptionalLong.empty(), 60, 0, 0, 10, 0, 0, 4096,
                1_000_000, "unsynchronized", 3, 0, List.of());

        Decoded.Points points = assertInstanceOf(Decoded.Points.class,
                decoder.decode("envgate/gw-2/health", health.toJson(), NOW));

        assertEquals(List.of("gateway_health,gateway=gw-2 version=\"0.1.0\",uptime_s=60.0,backlog=0.0,oldest_unsent_age_s=0.0,"
                + "sent=10.0,resent=0.0,dropped=0.0,storage_used_bytes=4096.0,disk_free_bytes=1000000.0,"
                + "clock=\"unsynchronized\",clock_code=2i,untimed=3.0,clock_jumps=0.0 " + NOW), points.lines(),
                "no time while the clock is not trusted: the time it arrived");
        assertEquals(0, points.unknownKeys());
    }

    @Test
    void statusCountsItsUnknownKeys() {
        String status = "{\"state\":\"online\",\"gateway\":\"gw-1\",\"site\":\"x\",\"mood\":\"happy\",\"extra\":{\"a\":1}}";

        Decoded.Points points = assertInstanceOf(Decoded.Points.class,
                decoder.decode("envgate/gw-1/status", status.getBytes(StandardCharsets.UTF_8), NOW));

        assertEquals(2, points.unknownKeys());
    }

    @Test
    void aReadingOutsideItsQuantitysPlausibleRangeRefusesThePackNamingSensorQuantityValueAndRange() {
        byte[] pack = SenmlCodec.encode("gw-1", List.of(
                new Reading("pm", Quantity.PM2_5, 12, NOW),
                new Reading("pm", Quantity.PM10, 65_341, NOW)));

        Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class,
                decoder.decode("envgate/gw-1/readings", pack, NOW));

        assertEquals("record 1 (gw-1/pm/pm10): value 65341.0 of sensor 'pm' is outside the plausible range"
                + " 0..20000 ug/m3 of pm10", rejected.reason());
    }

    private static byte[] alert(String rule, String state, long timeMillis, String extra) {
        return ("{\"rule\":\"" + rule + "\",\"state\":\"" + state + "\",\"time\":" + timeMillis / 1000.0
                + ",\"severity\":\"critical\",\"source\":\"level/water_level\",\"value\":2.61,"
                + "\"threshold\":2.5" + extra + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anAlertEventBecomesOnePointInAlertAtItsTime() {
        Decoded decoded = decoder.decode("envgate/gw-1/alerts/flood", alert("flood", "raised", NOW - 5_000, ""), NOW);
        Decoded.Points points = assertInstanceOf(Decoded.Points.class, decoded);
        assertEquals(List.of("alert,gateway=gw-1,rule=flood,severity=critical,site=lien-chieu raised=1i,value=2.61,"
                + "threshold=2.5 " + (NOW - 5_000)), points.lines());

        Decoded cleared = decoder.decode("envgate/gw-2/alerts/flood", alert("flood", "cleared", NOW, ",\"x\":1"), NOW);
        Decoded.Points clearedPoints = assertInstanceOf(Decoded.Points.class, cleared);
        assertEquals(List.of("alert,gateway=gw-2,rule=flood,severity=critical raised=0i,value=2.61,threshold=2.5 "
                + NOW), clearedPoints.lines());
        assertEquals(1, clearedPoints.unknownKeys());
    }

    @Test
    void anAlertIsRejectedWhenItsRuleTimeOrFieldsAreWrong() {
        List<String> reasons = new java.util.ArrayList<>();
        for (Decoded decoded : List.of(
                decoder.decode("envgate/gw-1/alerts/dust", alert("flood", "raised", NOW, ""), NOW),
                decoder.decode("envgate/gw-1/alerts/flood", alert("flood", "raised", NOW + 3_600_000, ""), NOW),
                decoder.decode("envgate/gw-1/alerts/flood", alert("flood", "up", NOW, ""), NOW),
                decoder.decode("envgate/gw-1/alerts/flood/x", alert("flood", "raised", NOW, ""), NOW),
                decoder.decode("envgate/gw-1/readings/flood", alert("flood", "raised", NOW, ""), NOW))) {
            Decoded.Rejected rejected = assertInstanceOf(Decoded.Rejected.class, decoded);
            reasons.add(rejected.reason());
        }
        assertTrue(reasons.get(0).contains("topic of rule 'dust'"), reasons.get(0));
        assertTrue(reasons.get(1).contains("max-ahead"), reasons.get(1));
        assertTrue(reasons.get(2).contains("raised or cleared"), reasons.get(2));
    }

    @Test
    void eachRejectionIsOfTheKindTheMetricsCount() {
        byte[] reading = SenmlCodec.encode("gw-1", List.of(new Reading("pm", Quantity.PM2_5, 12, NOW)));
        byte[] old = SenmlCodec.encode("gw-1", List.of(new Reading("pm", Quantity.PM2_5, 12, NOW - Duration.ofDays(91).toMillis())));
        byte[] implausible = SenmlCodec.encode("gw-1", List.of(new Reading("pm", Quantity.PM2_5, -500, NOW)));
        byte[] huge = new byte[(int) LIMITS.maxBytes() + 1];
        assertEquals(RejectReason.TOPIC, kind(decoder.decode("other/gw-1/readings", reading, NOW)));
        assertEquals(RejectReason.TOPIC, kind(decoder.decode("envgate/GW/readings", reading, NOW)));
        assertEquals(RejectReason.TOPIC, kind(decoder.decode("envgate/gw-1/weather", reading, NOW)));
        assertEquals(RejectReason.TOO_LARGE, kind(decoder.decode("envgate/gw-1/readings", huge, NOW)));
        assertEquals(RejectReason.MALFORMED, kind(decoder.decode("envgate/gw-1/readings",
                "[{\"n\":".getBytes(StandardCharsets.UTF_8), NOW)));
        assertEquals(RejectReason.MALFORMED, kind(decoder.decode("envgate/gw-2/readings", reading, NOW)));
        assertEquals(RejectReason.OUT_OF_RANGE, kind(decoder.decode("envgate/gw-1/readings", implausible, NOW)));
        assertEquals(RejectReason.TIME_WINDOW, kind(decoder.decode("envgate/gw-1/readings", old, NOW)));
        assertEquals("time_window", RejectReason.TIME_WINDOW.label());
    }

    private static RejectReason kind(Decoded decoded) {
        return assertInstanceOf(Decoded.Rejected.class, decoded).kind();
    }
}
