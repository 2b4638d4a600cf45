package org.envgate.simulator.pms5003;

/** The PMS5003T twin: PMS5003 frames with temperature and humidity. */
public final class Pms5003tTwinProvider extends Pms5003TwinProvider {

    public Pms5003tTwinProvider() {
        super(Pms5003Twin.Variant.PMS5003T);
    }
}
