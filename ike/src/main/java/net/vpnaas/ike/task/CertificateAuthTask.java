package net.vpnaas.ike.task;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.auth.CertificateValidator;
import net.vpnaas.ike.auth.IdentityMatcher;
import net.vpnaas.ike.auth.IdentityResult;
import net.vpnaas.ike.auth.IkeIdentity;
import net.vpnaas.ike.auth.SignatureAuthenticator;
import net.vpnaas.ike.auth.SignatureHashAlgorithms;
import net.vpnaas.ike.auth.SignatureScheme;
import net.vpnaas.ike.auth.ValidationResult;
import net.vpnaas.ike.auth.VerifyResult;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.CertEncoding;
import net.vpnaas.ike.message.CertificatePayload;
import net.vpnaas.ike.message.CertificateRequestPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;

/**
 * IKE_AUTH with certificates (RFC 7296 2.15 and 3.6-3.8, RFC 7427): we send IDx, our chain as CERT
 * payloads, CERTREQ naming our trusted CAs (initiator; strongSwan only sends its certificate when
 * asked), and AUTH signed over the signed octets. The peer's chain is validated against the
 * configured CAs, its end entity must certify its ID, and its AUTH must verify with that key.
 * The primitives live in {@code net.vpnaas.ike.auth}.
 */
public final class CertificateAuthTask implements Task {
    private static final Logger LOG = Logger.getLogger(CertificateAuthTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    private final PpkAuthentication ppk;
    private boolean failed;

    public CertificateAuthTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
        this.ppk = new PpkAuthentication(ctx, initiator);
    }

    private Authentication.Certificates auth() {
        return (Authentication.Certificates) ctx.config().authentication();
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (!initiator && failed) return Task.refuseAuthentication(m);
        Identity me = ctx.config().localId();
        IdentificationPayload id = new IdentificationPayload(initiator, me.typeCode(), Bytes.wrap(me.data()));
        m.add(id);
        try {
            for (X509Certificate c : auth().chain()) m.add(CertificatePayload.of(CertEncoding.X509_SIGNATURE, Bytes.wrap(c.getEncoded())));
            if (initiator) {
                m.add(certificateRequest(auth()));
                if (!ctx.otherIkeSaWithPeer()) m.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
            }
            SignatureHashAlgorithms peer = new SignatureHashAlgorithms(ctx.sa().peerSignatureHashes());
            Optional<SignatureScheme> scheme = SignatureScheme.select(auth().key(), peer, auth().rsaPadding());
            if (scheme.isEmpty()) {
                LOG.warning("no signature scheme for our key that the peer accepts");
                return Status.FAILED;
            }
            ppk.addAuth(m, id, octets -> SignatureAuthenticator.sign(auth().key(), scheme.get(), octets));
        } catch (GeneralSecurityException e) {
            LOG.warning("cannot sign our AUTH: " + e);
            return Status.FAILED;
        }
        return initiator ? Status.NEED_MORE : Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (initiator && m.notify(NotifyType.AUTHENTICATION_FAILED).isPresent()) {
            ctx.authenticationFailed("the peer refused our authentication" + ppk.offeredText());
            return Status.FAILED;
        }
        Optional<String> problem = verifyPeer(m);
        if (problem.isPresent()) {
            ctx.authenticationFailed("peer authentication failed: " + problem.get());
            failed = true;
            return initiator ? Status.FAILED : Status.NEED_MORE;
        }
        IkeSa sa = ctx.sa();
        sa.remoteIdentity(ctx.config().remoteId().toString());
        sa.state(IkeSa.State.ESTABLISHED);
        if (!initiator && m.notify(NotifyType.INITIAL_CONTACT).isPresent()) ctx.initialContact();
        return initiator ? Status.DONE : Status.NEED_MORE;
    }

    private Optional<String> verifyPeer(ReceivedMessage m) {
        Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(i -> i.initiator() != initiator);
        Optional<AuthenticationPayload> authPayload = m.first(AuthenticationPayload.class);
        if (id.isEmpty() || authPayload.isEmpty()) return Optional.of("ID or AUTH missing");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (CertificatePayload c : m.all(CertificatePayload.class)) {
                if (c.encoding() != CertEncoding.X509_SIGNATURE) continue;
                chain.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(c.data().toByteArray())));
            }
        } catch (CertificateException e) {
            return Optional.of("undecodable certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) return Optional.of("no certificate sent");
        ValidationResult validation = CertificateValidator.validate(chain, auth().trusted(), Instant.now());
        if (!(validation instanceof ValidationResult.Valid valid)) return Optional.of("certificate chain: " + validation);
        IdType type = IdType.of(id.get().idTypeCode());
        IdType expectedType = IdType.of(ctx.config().remoteId().typeCode());
        if (type == IdType.UNKNOWN || expectedType == IdType.UNKNOWN) return Optional.of("identity type " + id.get().idTypeCode());
        IkeIdentity claimed = new IkeIdentity(type, id.get().data().toByteArray());
        IkeIdentity expected = new IkeIdentity(expectedType, ctx.config().remoteId().data());
        IdentityResult identity = IdentityMatcher.check(claimed, expected, valid.endEntity());
        if (!identity.matched()) return Optional.of("identity: " + identity);
        PpkAuthentication.PeerCheck check = ppk.peerCheck(m, authPayload.get());
        if (check instanceof PpkAuthentication.PeerCheck.Refuse(String reason)) return Optional.of(reason);
        var verify = (PpkAuthentication.PeerCheck.Verify) check;
        byte[] octets = SignedOctetsOf.side(ctx.sa(), verify.keys(), !initiator, id.get(), m.messageId());
        VerifyResult verified = SignatureAuthenticator.verify(valid.endEntity(), verify.auth(), octets);
        if (!(verified instanceof VerifyResult.Verified)) return Optional.of("AUTH signature " + verify.keysUsed() + ": " + verified);
        ppk.accept(verify);
        return Optional.empty();
    }

    /** CERTREQ naming our trusted CAs by the SHA-1 of their SubjectPublicKeyInfo (RFC 7296 3.7). */
    static CertificateRequestPayload certificateRequest(Authentication.Certificates auth) throws GeneralSecurityException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        List<X509Certificate> cas = auth.trusted().certificates();
        byte[] out = new byte[20 * cas.size()];
        for (int i = 0; i < cas.size(); i++) {
            System.arraycopy(sha1.digest(cas.get(i).getPublicKey().getEncoded()), 0, out, 20 * i, 20);
        }
        return CertificateRequestPayload.of(CertEncoding.X509_SIGNATURE, Bytes.wrap(out));
    }
}
