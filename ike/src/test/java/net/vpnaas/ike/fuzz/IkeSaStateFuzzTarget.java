package net.vpnaas.ike.fuzz;

import java.util.Arrays;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.sync.IkeSaStateCodec;
import net.vpnaas.ike.sync.StateDecodeException;

/**
 * Jazzer target over the decoder of exported IKE SA state (a cluster's sync channel): anything but a
 * {@link StateDecodeException} is a finding, and so is accepted state that does not encode back to the
 * very same bytes (the encoding has one form per state, so a difference means a field was read
 * differently than written).
 */
public final class IkeSaStateFuzzTarget {

    private IkeSaStateFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        IkeSaState state;
        try {
            state = IkeSaStateCodec.decode(data);
        } catch (StateDecodeException refused) {
            return; // refused whole, with a reason: fine
        }
        if (!Arrays.equals(IkeSaStateCodec.encode(state), data)) {
            throw new IllegalStateException("accepted state does not encode back to its bytes: " + state);
        }
    }
}
