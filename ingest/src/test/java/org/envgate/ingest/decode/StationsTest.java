package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.envgate.ingest.config.PackLimits;
import org.envgate.ingest.config.StationTags;
import org.envgate.wire.GatewayStatus;
import org.envgate.wire.Location;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlCodec;
import org.envgate.wire.StationDescription;
import org.envgate.wire.StationDescription.SensorDescription;
import org.junit.jupiter.api.Test;

/** The tags of a gateway's points, from its status message and the config's overrides. */
class StationsTest {

    private static final long NOW = 1_767_225_600_000L;
    private static final PackLimits LIMITS = new PackLimits(256 * 1024, Duration.ofDays(90), Duration.ofMinutes(10));
    private static final StationDescription STATION = new StationDescription("lien-chieu",
            Optional.of(new Location(16.07, 108.22, OptionalDouble.empty())),
            List.of(new SensorDescription("pm", "pms5003", List.of(Quantity.PM2_5))));

    private final Stations stations = new Stations(Map.of("gw-2", new StationTags(Optional.of("hai-chau"), Map.of())));
    private final PackDecoder decoder = new PackDecoder("envgate", LIMITS, stations, true);

    private Decoded status(String gateway, GatewayStatus status) {
        return decoder.decode("envgate/" + gateway + "/status", status.toJson(), NOW);
    }

    private List<String> readings(String gateway) {
        byte[] pack = SenmlCodec.encode(gateway, List.of(new Reading("pm", Quantity.PM2_5, 12, NOW - 1000)));
        return assertInstanceOf(Decoded.Points.class, decoder.decode("envgate/" + gateway + "/readings", pack, NOW)).lines();
    }

    @Test
    void aStatusDescribingTheStationTagsTheReadingsAfterIt() {
        assertEquals(List.of("pm2_5,gateway=gw-1,sensor=pm value=12.0 " + (NOW - 1000)), readings("gw-1"));

        Decoded.Points points = assertInstanceOf(Decoded.Points.class,
                status("gw-1", new GatewayStatus(GatewayStatus.ONLINE, "gw-1", "0.3.0", NOW, STATION)));

        assertEquals(List.of("gateway_status,gateway=gw-1,site=lien-chieu online=1.0,state=\"online\",version=\"0.3.0\","
                + "lat=16.07,lon=108.22 " + NOW), points.lines());
        assertEquals(List.of("pm2_5,gateway=gw-1,model=pms5003,sensor=pm,site=lien-chieu value=12.0 " + (NOW - 1000)),
                readings("gw-1"));
    }

    @Test
    void aStatusThatDescribesNothingLeavesWhatWasKnown() {
        status("gw-1", new GatewayStatus(GatewayStatus.ONLINE, "gw-1", "0.3.0", NOW, STATION));

        Decoded.Points offline = assertInstanceOf(Decoded.Points.class,
                status("gw-1", new GatewayStatus(GatewayStatus.OFFLINE, "gw-1", "0.2.0", NOW)));

        assertEquals(List.of("gateway_status,gateway=gw-1,site=lien-chieu online=0.0,state=\"offline\",version=\"0.2.0\","
                + "lat=16.07,lon=108.22 " + NOW), offline.lines());
        assertEquals(STATION, stations.description("gw-1").orElseThrow());
    }

    @Test
    void theConfigOverridesTheSiteItNamesAndKeepsTheModelsOfTheStatus() {
        status("gw-2", new GatewayStatus(GatewayStatus.ONLINE, "gw-2", "0.3.0", NOW, STATION));

        assertEquals(List.of("pm2_5,gateway=gw-2,model=pms5003,sensor=pm,site=hai-chau value=12.0 " + (NOW - 1000)),
                readings("gw-2"));
    }

    @Test
    void aRejectedStatusTeachesNothing() {
        Decoded decoded = decoder.decode("envgate/gw-1/status",
                new GatewayStatus(GatewayStatus.ONLINE, "gw-9", "0.3.0", NOW, STATION).toJson(), NOW);
        assertInstanceOf(Decoded.Rejected.class, decoded);
        decoder.learnStation("envgate/gw-1/status",
                "{\"state\":\"asleep\",\"site\":\"x\"}".getBytes(StandardCharsets.UTF_8), NOW);

        assertEquals(Optional.empty(), stations.description("gw-1"));
    }

    @Test
    void aRetainedStatusReadAtStartIsLearnedWithoutAPoint() {
        decoder.learnStation("envgate/gw-1/status",
                new GatewayStatus(GatewayStatus.OFFLINE, "gw-1", "0.3.0", NOW, STATION).toJson(), NOW);

        assertEquals(new StationTags(Optional.of("lien-chieu"), Map.of("pm", "pms5003")), stations.tags("gw-1"));
    }
}
