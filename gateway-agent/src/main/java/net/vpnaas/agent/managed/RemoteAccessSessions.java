package net.vpnaas.agent.managed;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import net.vpnaas.ike.engine.ChildSaView;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.model.agent.v1.RemoteAccessSession;

/**
 * Remote-access sessions as telemetry reports them: one per established IKE SA of an endpoint, named
 * by its SPIs (random, 64 bits each: an id is never reused), with the identity its client proved,
 * its virtual IP, its outer address and the bytes of its Child SAs from the data path.
 */
final class RemoteAccessSessions {
    private static final HexFormat HEX = HexFormat.of();

    private RemoteAccessSessions() {}

    /** The sessions of the endpoint {@code endpointId} among {@code views}, its IKE SAs; half-open ones are not sessions yet. */
    static List<RemoteAccessSession> of(String endpointId, List<IkeSaView> views, LongFunction<Optional<ChildSaUsage>> usage) {
        List<RemoteAccessSession> out = new ArrayList<>();
        for (IkeSaView v : views) {
            if (v.establishedAt() == null) continue;
            long in = 0;
            long bytesOut = 0;
            for (ChildSaView c : v.children()) {
                Optional<ChildSaUsage> u = usage.apply(c.inboundSpi());
                if (u.isEmpty()) continue;
                in += u.get().bytesIn();
                bytesOut += u.get().bytesOut();
            }
            out.add(RemoteAccessSession.newBuilder().setEndpointId(endpointId).setSessionId(id(v.initiatorSpi(), v.responderSpi()))
                    .setIdentity(v.remoteId()).setVirtualIp(v.virtualAddress() == null ? "" : v.virtualAddress().getHostAddress())
                    .setOuterAddress(v.remote().getAddress().getHostAddress() + ":" + v.remote().getPort())
                    .setSinceEpochMillis(v.establishedAt().toEpochMilli()).setBytesIn(in).setBytesOut(bytesOut).build());
        }
        return out;
    }

    static String id(long initiatorSpi, long responderSpi) {
        return HEX.toHexDigits(initiatorSpi) + HEX.toHexDigits(responderSpi);
    }

    /** The initiator's SPI of a session id; empty when it is not one of ours (32 hex digits). */
    static OptionalLong initiatorSpi(String sessionId) {
        if (sessionId.length() != 32 || !sessionId.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) return OptionalLong.empty();
        return OptionalLong.of(HexFormat.fromHexDigitsToLong(sessionId.substring(0, 16)));
    }
}
