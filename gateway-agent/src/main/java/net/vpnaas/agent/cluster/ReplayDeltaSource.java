package net.vpnaas.agent.cluster;

/**
 * How far the peers should advance their outbound ESP sequence numbers after a takeover (RFC 6311
 * IPSEC_REPLAY_COUNTER_SYNC), so that what the old active received after the last counter sync is not
 * taken for a replay nor accepted twice. The data path's ESP counter sync implements it (the measured rate
 * times the time since its last sync, with a margin); until then {@link #NONE} asks for no advance.
 */
@FunctionalInterface
public interface ReplayDeltaSource {

    ReplayDeltaSource NONE = () -> 0;

    long replayDelta();
}
