package net.vpnaas.agent.cluster;

/** A cluster member's part: the one ACTIVE member serves the gateway's SAs, the STANDBY members hold copies. */
public enum Role {
    STANDBY,
    ACTIVE
}
