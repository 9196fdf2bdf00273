package net.vpnaas.ike.task;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.PaceGenericMapping;
import net.vpnaas.ike.crypto.PaceKeySchedule;
import net.vpnaas.ike.crypto.PaceNonceCipher;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthMethod;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.GspmPayload;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PaceEncryptedNonce;
import net.vpnaas.ike.message.SecurePasswordMethodsNotify;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSa;

/**
 * IKE_AUTH with a password through PACE (RFC 6631), both roles, over two IKE_AUTH exchanges:
 * <pre>
 * HDR, SK {IDi, [IDr,] GSPM(ENONCE), KEi, SAi2, TSi, TSr}   --&gt;
 *                                      &lt;--   HDR, SK {IDr, KEr}
 * HDR, SK {AUTHi}                                           --&gt;
 *                                      &lt;--   HDR, SK {AUTHr, SAr2, TSi, TSr}
 * </pre>
 * The initiator draws a nonce s and sends it encrypted under KPwd, a key from the password and both
 * IKE_SA_INIT nonces ({@link PaceKeySchedule}, {@link PaceNonceCipher}); both map s and the IKE_SA_INIT
 * Diffie-Hellman secret to a generator G~ ({@link PaceGenericMapping}) and run an ephemeral
 * Diffie-Hellman on it, KEi = PKEi and KEr = PKEr (with the IKE SA's group number). The AUTHs (method 12,
 * RFC 6467) are MACs under a key from its result over the usual signed octets and the peer's ephemeral
 * value. A wrong password is not noticed in the first exchange (that would let it be tested): the
 * responder's check of AUTHi fails and it answers AUTHENTICATION_FAILED; a wrong AUTHr fails the
 * initiator. The Child SA proposed in the first request is answered in the last response (this task
 * runs it, as {@link EapResponderTask} does).
 */
public final class PaceAuthTask implements Task {
    private static final Logger LOG = Logger.getLogger(PaceAuthTask.class.getName());

    private enum Phase { FIRST, AUTH, DONE }

    private final TaskContext ctx;
    private final boolean initiator;
    private final ChildCreateTask child;
    private Phase phase = Phase.FIRST;
    /** Message ID of the first IKE_AUTH request: the one the signed octets' IntAuth names (RFC 9242). */
    private long firstMessageId;
    private IdentificationPayload ownId;
    private IdentificationPayload peerId;
    /** The responder answers the first request's Child SA (and takes INITIAL_CONTACT from it) last. */
    private ReceivedMessage firstRequest;
    private KeyExchange ephemeral;
    private byte[] peerPublic;
    private byte[] paceSharedSecret;
    /** As responder: why we refuse, answered with AUTHENTICATION_FAILED. */
    private String failure;

    public PaceAuthTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
        this.child = new ChildCreateTask(ctx, initiator);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        return initiator ? processResponse(m) : processRequest(m);
    }

    // ---- initiator

    private Status buildRequest(OutgoingMessage m) {
        if (phase == Phase.AUTH) {
            m.add(authPayload(ownAuth()));
            return Status.NEED_MORE;
        }
        if (ctx.sa().securePasswordMethod() != SecurePasswordMethodsNotify.PACE) {
            ctx.authenticationFailed("PACE was not agreed in IKE_SA_INIT");
            return Status.FAILED;
        }
        firstMessageId = m.messageId();
        IkeSa sa = ctx.sa();
        IkeAlgorithms algorithms = sa.algorithms();
        byte[] s = ctx.random().bytes(PaceNonceCipher.NONCE_LENGTH);
        byte[] iv = ctx.random().bytes(PaceNonceCipher.ivLength(algorithms.cipher().algorithm()));
        byte[] encrypted = PaceNonceCipher.encrypt(algorithms.cipher().algorithm(), passwordKey(), iv, s);
        try {
            ephemeral = mapped(s);
        } catch (InvalidPublicValueException e) {
            ctx.authenticationFailed("PACE mapping: " + e.getMessage());
            return Status.FAILED;
        } finally {
            Arrays.fill(s, (byte) 0);
        }
        ownId = ownId(true);
        m.add(ownId);
        if (!ctx.otherIkeSaWithPeer()) m.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        m.add(new PaceEncryptedNonce(Bytes.wrap(iv), Bytes.wrap(encrypted)).payload());
        m.add(KeyExchangePayload.of(IkeInitTask.wire(algorithms.keyExchange()), Bytes.wrap(ephemeral.publicValue())));
        child.build(m);
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        if (m.notify(NotifyType.AUTHENTICATION_FAILED).isPresent()) {
            ctx.authenticationFailed("the peer refused our authentication (PACE: a wrong password?)");
            return Status.FAILED;
        }
        if (phase == Phase.FIRST) {
            Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(i -> !i.initiator());
            Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
            if (id.isEmpty() || ke.isEmpty()) return initiatorFails("PACE: first IKE_AUTH response without IDr or KEr");
            Identity expected = ctx.config().remoteId();
            if (!expected.matches(id.get().idTypeCode(), id.get().data().toByteArray())) {
                return initiatorFails("peer identity " + new Identity(id.get().idTypeCode(), id.get().data().toByteArray()) + " is not " + expected);
            }
            peerId = id.get();
            String refused = agree(ke.get());
            if (refused != null) return initiatorFails(refused);
            phase = Phase.AUTH;
            return Status.NEED_MORE;
        }
        Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
        if (auth.isEmpty() || !peerAuthValid(auth.get())) return initiatorFails("the peer's PACE AUTH does not verify");
        authenticated();
        phase = Phase.DONE;
        child.process(m);
        return Status.DONE;
    }

    private Status initiatorFails(String reason) {
        ctx.authenticationFailed(reason);
        return Status.FAILED;
    }

    // ---- responder

    private Status processRequest(ReceivedMessage m) {
        if (phase == Phase.FIRST) {
            firstRequest = m;
            firstMessageId = m.messageId();
            ctx.nextIkeAuthRequestsTo(this);
            return refuseUnless(firstExchange(m));
        }
        Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
        if (auth.isEmpty() || !peerAuthValid(auth.get())) {
            return refuseUnless("the peer's PACE AUTH does not verify with the password");
        }
        authenticated();
        phase = Phase.DONE;
        if (firstRequest.notify(NotifyType.INITIAL_CONTACT).isPresent()) ctx.initialContact();
        child.process(firstRequest);
        return Status.NEED_MORE;
    }

    /** Checks and takes the first request; the reason to refuse it, or null. */
    private String firstExchange(ReceivedMessage m) {
        if (m.first(AuthenticationPayload.class).isPresent()) return "the peer authenticates with AUTH, this connection with a password (PACE)";
        if (ctx.sa().securePasswordMethod() != SecurePasswordMethodsNotify.PACE) return "PACE was not agreed in IKE_SA_INIT";
        Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(IdentificationPayload::initiator);
        Optional<GspmPayload> gspm = m.first(GspmPayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        if (id.isEmpty() || gspm.isEmpty() || ke.isEmpty()) return "PACE: first IKE_AUTH request without IDi, GSPM or KEi";
        Identity expected = ctx.config().remoteId();
        if (!expected.matches(id.get().idTypeCode(), id.get().data().toByteArray())) {
            return "peer identity " + new Identity(id.get().idTypeCode(), id.get().data().toByteArray()) + " is not " + expected;
        }
        peerId = id.get();
        var cipher = ctx.sa().algorithms().cipher().algorithm();
        PaceEncryptedNonce enonce;
        try {
            enonce = PaceEncryptedNonce.decode(gspm.get(), PaceNonceCipher.ivLength(cipher), PaceNonceCipher.NONCE_LENGTH);
        } catch (IkeDecodeException e) {
            return "PACE: " + e.getMessage();
        }
        byte[] s = PaceNonceCipher.decrypt(cipher, passwordKey(), enonce.iv().toByteArray(), enonce.encryptedNonce().toByteArray());
        try {
            ephemeral = mapped(s);
        } catch (InvalidPublicValueException e) {
            return "PACE mapping: " + e.getMessage();
        } finally {
            Arrays.fill(s, (byte) 0);
        }
        return agree(ke.get());
    }

    private Status buildResponse(OutgoingMessage m) {
        if (failure != null) {
            ctx.nextIkeAuthRequestsTo(null);
            return Task.refuseAuthentication(m);
        }
        if (phase == Phase.AUTH) {
            ownId = ownId(false);
            m.add(ownId);
            m.add(KeyExchangePayload.of(IkeInitTask.wire(ctx.sa().algorithms().keyExchange()), Bytes.wrap(ephemeral.publicValue())));
            return Status.NEED_MORE;
        }
        ctx.nextIkeAuthRequestsTo(null);
        m.add(authPayload(ownAuth()));
        child.build(m);
        return Status.DONE;
    }

    private Status refuseUnless(String reason) {
        if (reason == null) {
            if (phase == Phase.FIRST) phase = Phase.AUTH;
            return Status.NEED_MORE;
        }
        ctx.authenticationFailed(reason);
        failure = reason;
        return Status.NEED_MORE;
    }

    // ---- both

    /** The peer's ephemeral value: on the curve, not ours reflected; then PACESharedSecret. The reason to refuse, or null. */
    private String agree(KeyExchangePayload ke) {
        if (ke.methodCode() != ctx.sa().algorithms().keyExchange().id()) {
            return "PACE: KE of group " + ke.methodCode() + ", the IKE SA's is " + ctx.sa().algorithms().keyExchange();
        }
        byte[] value = ke.data().toByteArray();
        if (MessageDigest.isEqual(value, ephemeral.publicValue())) return "PACE: the peer reflected our ephemeral public value";
        try {
            paceSharedSecret = ephemeral.sharedSecret(value);
        } catch (InvalidPublicValueException e) {
            return "PACE: " + e.getMessage();
        }
        peerPublic = value;
        return null;
    }

    private KeyExchange mapped(byte[] s) throws InvalidPublicValueException {
        byte[] gir = ctx.sa().takeInitSharedSecret().orElseThrow(() -> new InvalidPublicValueException("no IKE_SA_INIT secret kept"));
        try {
            return PaceGenericMapping.keyExchange(ctx.sa().algorithms().keyExchange(), s, gir, ctx.random());
        } finally {
            Arrays.fill(gir, (byte) 0);
        }
    }

    private byte[] passwordKey() {
        IkeSa sa = ctx.sa();
        byte[] password = ((Authentication.Password) ctx.config().authentication()).password();
        try {
            return PaceKeySchedule.passwordKey(sa.algorithms().prf(), password, sa.ni(), sa.nr(),
                    PaceNonceCipher.keyLength(sa.algorithms().cipher().keyBits()));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private IdentificationPayload ownId(boolean asInitiator) {
        Identity me = ctx.config().localId();
        return new IdentificationPayload(asInitiator, me.typeCode(), Bytes.wrap(me.data()));
    }

    private byte[] ownAuth() {
        byte[] octets = SignedOctetsOf.side(ctx.sa(), initiator, ownId, firstMessageId);
        return PaceKeySchedule.auth(ctx.sa().algorithms().prf(), ctx.sa().ni(), ctx.sa().nr(), paceSharedSecret, octets, peerPublic);
    }

    private boolean peerAuthValid(AuthenticationPayload auth) {
        if (auth.methodCode() != AuthMethod.GENERIC_SECURE_PASSWORD.code()) return false;
        byte[] octets = SignedOctetsOf.side(ctx.sa(), !initiator, peerId, firstMessageId);
        byte[] expected = PaceKeySchedule.auth(ctx.sa().algorithms().prf(), ctx.sa().ni(), ctx.sa().nr(), paceSharedSecret, octets,
                ephemeral.publicValue());
        return MessageDigest.isEqual(expected, auth.data().toByteArray());
    }

    private static AuthenticationPayload authPayload(byte[] mac) {
        return new AuthenticationPayload(AuthMethod.GENERIC_SECURE_PASSWORD.code(), Bytes.wrap(mac));
    }

    private void authenticated() {
        IkeSa sa = ctx.sa();
        Identity peer = ctx.config().remoteId();
        sa.remoteIdentity(peer.toString());
        LOG.info(() -> sa + ": the peer proved the password (PACE, RFC 6631) as " + peer);
        sa.state(IkeSa.State.ESTABLISHED);
    }
}
