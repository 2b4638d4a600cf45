package org.envgate.gateway.uplink;

/** Where the uplink is, for logs, health and the status page. */
public enum UplinkState { CONNECTING, ONLINE, OFFLINE, STOPPED }
