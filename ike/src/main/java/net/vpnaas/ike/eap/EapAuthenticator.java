package net.vpnaas.ike.eap;

import java.net.InetSocketAddress;
import net.vpnaas.ike.config.Identity;

/**
 * The back end that runs EAP methods for the engine (the EAP server, or a pass-through to one). One
 * conversation per IKE SA; the engine calls it on that IKE SA's mailbox thread, one step at a time,
 * and may block there (virtual threads) while the back end asks a server.
 */
public interface EapAuthenticator {

    /**
     * A conversation with the peer that sent {@code ikeIdentity} (IDi) from {@code peer}. The back end
     * may take the IKE identity as the EAP identity (skipping EAP-Identity, as RFC 7296 2.16 allows) or
     * ask for one first.
     */
    EapConversation begin(Identity ikeIdentity, InetSocketAddress peer);
}
