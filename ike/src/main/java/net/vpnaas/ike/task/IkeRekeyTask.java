package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;

/**
 * Rekeys the IKE SA (RFC 7296 1.3.2, 2.18) in CREATE_CHILD_SA: new SPIs, nonces and a fresh key
 * exchange; SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). The Child SAs move to the new IKE SA,
 * whose original initiator is whoever started the rekey; the initiator then deletes the old IKE SA.
 */
public final class IkeRekeyTask implements Task {
    private static final Logger LOG = Logger.getLogger(IkeRekeyTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    private long newSpi;
    private byte[] nonce;
    private KeyExchange keyExchange;
    // responder state
    private IkeAlgorithms chosen;
    private int chosenNumber;
    private long peerSpi;
    private byte[] peerNonce;
    private byte[] sharedSecret;
    private NegotiationError error;

    public IkeRekeyTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status build(OutgoingMessage m) {
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        return initiator ? processResponse(m) : processRequest(m);
    }

    private Status buildRequest(OutgoingMessage m) {
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) return Status.DONE;
        ctx.sa().state(IkeSa.State.REKEYING);
        newSpi = ctx.newIkeSpi();
        nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
        keyExchange = ctx.sa().algorithms().keyExchange().newKeyExchange(ctx.random());
        m.add(new SecurityAssociationPayload(ProposalSelection.offerIke(ctx.config().ikeProposals(), spi8(newSpi), false)));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        Optional<NotifyPayload> err = m.error();
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nr = m.first(NoncePayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        if (err.isPresent() || sa.isEmpty() || nr.isEmpty() || ke.isEmpty() || sa.get().proposals().size() != 1) {
            LOG.warning(() -> "IKE rekey refused: " + err.map(NotifyPayload::notifyType).map(String::valueOf).orElse("malformed response"));
            ctx.sa().state(IkeSa.State.ESTABLISHED);
            ctx.retryIkeRekeyLater();
            return Status.DONE;
        }
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), false);
        if (selected.isEmpty() || selected.get().algorithms().keyExchange() != keyExchange.method()
                || selected.get().peerProposal().spi().length() != 8) {
            ctx.sa().state(IkeSa.State.ESTABLISHED);
            return Status.DONE;
        }
        try {
            byte[] gir = keyExchange.sharedSecret(ke.get().data().toByteArray());
            long spiR = selected.get().peerProposal().spi().asByteBuffer().getLong();
            IkeSa fresh = newSa(true, newSpi, spiR, selected.get().algorithms(), gir, nonce, nr.get().data().toByteArray());
            ctx.ikeSaRekeyed(fresh);
            ctx.queue(new DeleteIkeTask(ctx));
        } catch (InvalidPublicValueException e) {
            LOG.warning("IKE rekey KE: " + e.getMessage());
            ctx.sa().state(IkeSa.State.ESTABLISHED);
        }
        return Status.DONE;
    }

    private Status processRequest(ReceivedMessage m) {
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> ni = m.first(NoncePayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        if (sa.isEmpty() || ni.isEmpty() || ke.isEmpty()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "SA, Ni or KE missing");
            return Status.NEED_MORE;
        }
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) {
            // RFC 7296 2.25: we are rekeying or deleting this SA ourselves.
            error = NegotiationError.of(NotifyType.TEMPORARY_FAILURE, "IKE SA busy");
            return Status.NEED_MORE;
        }
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), false);
        if (selected.isEmpty() || selected.get().peerProposal().spi().length() != 8) {
            error = NegotiationError.of(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable IKE proposal");
            return Status.NEED_MORE;
        }
        chosen = selected.get().algorithms();
        chosenNumber = selected.get().peerProposal().number();
        if (ke.get().methodCode() != chosen.keyExchange().id()) {
            byte[] g = ByteBuffer.allocate(2).putShort((short) chosen.keyExchange().id()).array();
            error = new NegotiationError(NotifyType.INVALID_KE_PAYLOAD, Bytes.wrap(g), "KE of another group");
            return Status.NEED_MORE;
        }
        keyExchange = chosen.keyExchange().newKeyExchange(ctx.random());
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPublicValueException e) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage());
            return Status.NEED_MORE;
        }
        peerSpi = selected.get().peerProposal().spi().asByteBuffer().getLong();
        peerNonce = ni.get().data().toByteArray();
        nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
        newSpi = ctx.newIkeSpi();
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage m) {
        if (error != null) {
            m.add(error.payload());
            return Status.DONE;
        }
        m.add(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(chosen, chosenNumber, spi8(newSpi)))));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        IkeSa fresh = newSa(false, peerSpi, newSpi, chosen, sharedSecret, peerNonce, nonce);
        ctx.sa().state(IkeSa.State.REKEYED);
        ctx.ikeSaRekeyed(fresh);
        return Status.DONE;
    }

    private IkeSa newSa(boolean weInitiated, long spiI, long spiR, IkeAlgorithms algorithms, byte[] gir, byte[] ni, byte[] nr) {
        IkeSa old = ctx.sa();
        byte[] skeyseed = Ikev2Kdf.rekeySkeyseed(old.algorithms().prf(), old.keys().skD(), gir, ni, nr);
        IkeSa fresh = new IkeSa(weInitiated, spiI, spiR, old.localAddress(), old.remoteAddress());
        fresh.carrier(old.carrier()); // the rekeyed IKE SA goes on over the same stream or port
        fresh.nonces(ni, nr);
        fresh.established(algorithms, IkeSaKeys.derive(algorithms, skeyseed, ni, nr, spiI, spiR));
        fresh.natDetected(old.localBehindNat(), old.remoteBehindNat());
        fresh.inheritQuantumSafety(old.quantumSafety());
        fresh.udpEncapsulationForced(old.udpEncapsulationForced());
        fresh.remoteIdentity(old.remoteIdentity());
        // A capability of the peer, announced once in IKE_SA_INIT; CREATE_CHILD_SA does not renegotiate it.
        fresh.peerFragmentation(old.peerFragmentation());
        fresh.state(IkeSa.State.ESTABLISHED);
        for (ChildSa c : List.copyOf(old.children())) {
            old.removeChild(c.inboundSpi());
            fresh.addChild(c);
        }
        old.state(IkeSa.State.REKEYED);
        return fresh;
    }

    static Bytes spi8(long spi) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(spi).array());
    }

}
