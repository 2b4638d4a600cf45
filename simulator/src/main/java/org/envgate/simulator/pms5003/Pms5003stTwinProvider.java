package org.envgate.simulator.pms5003;

/** The PMS5003ST twin: 40-byte frames with formaldehyde, temperature and humidity. */
public final class Pms5003stTwinProvider extends Pms5003TwinProvider {

    public Pms5003stTwinProvider() {
        super(Pms5003Twin.Variant.PMS5003ST);
    }
}
