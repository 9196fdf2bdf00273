package net.vpnaas.agent.cluster;

/** Where a standby stands with the active, as the active sees it. */
public enum StandbySync {
    /** Not yet, or no longer, receiving: it gets a snapshot next. */
    NONE,
    /** Its snapshot is on the way; exchanges do not wait for it. */
    SYNCING,
    /** It holds every IKE SA: exchanges wait for its acknowledgement. */
    IN_SYNC
}
