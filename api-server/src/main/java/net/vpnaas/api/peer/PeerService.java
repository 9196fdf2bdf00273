package net.vpnaas.api.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.PskGenerator;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.UndecryptableSecretException;
import net.vpnaas.api.support.EndpointAddressProperties;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.support.StoredPeerAuth;
import net.vpnaas.api.support.TunnelPeerChecks;
import net.vpnaas.api.support.TunnelReferences;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ResourceService;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

@Service
public class PeerService implements ResourceService<PeerSpec, PeerView> {
    public static final EncryptedColumn PSKS = new EncryptedColumn("peer PSKs", "peer", List.of("id"), "psk_ciphertext",
            key -> pskAssociatedData((UUID) key.getFirst()));
    public static final EncryptedColumn PASSWORDS = new EncryptedColumn("peer passwords", "peer", List.of("id"), "password_ciphertext",
            key -> passwordAssociatedData((UUID) key.getFirst()));
    public static final EncryptedColumn PPKS = new EncryptedColumn("peer PPKs", "peer", List.of("id"), "ppk_ciphertext",
            key -> PeerPpkSecrets.associatedData((UUID) key.getFirst()));

    private final PeerRepository peers;
    private final ViewReads<PeerView> reads;
    private final SecretCipher cipher;
    private final TunnelReferences references;
    private final GatewayRevisions revisions;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final EndpointAddressProperties endpoints;
    private final TunnelPeerChecks peerChecks;

    PeerService(PeerRepository peers, JdbcClient jdbc, SecretCipher cipher, TunnelReferences references,
                GatewayRevisions revisions, AuditLog audit, MergePatch mergePatch, EndpointAddressProperties endpoints,
                TunnelPeerChecks peerChecks) {
        this.peers = peers;
        this.reads = new ViewReads<>(jdbc, "peer", PeerView.COLUMNS, PeerView::fromRow);
        this.cipher = cipher;
        this.references = references;
        this.revisions = revisions;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.endpoints = endpoints;
        this.peerChecks = peerChecks;
    }

    public PeerView create(Caller caller, PeerSpec request) {
        PeerSpec spec = valid(request.withDefaults());
        PeerEntity peer = new PeerEntity(caller.tenantId());
        List<PeerPpk> ppks = ppkSecrets(spec, Map.of());
        String generated = applySpec(peer, spec, false);
        applyPpks(peer, spec, ppks);
        NewRow row = peer.newRow();
        PeerView view = PeerView.withGeneratedPsk(peer, generated);
        audit.insertCreated(caller, ResourceType.PEER, row, view.withoutSecret());
        return view;
    }

    public PeerView get(Caller caller, UUID id) {
        return reads.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("peer"));
    }

    public Page<PeerView> list(Caller caller, PageRequest page, ListFilter filter) {
        return Page.of(reads.page(caller.tenantId(), page, filter), page, ResourceType.PEER);
    }

    @Transactional
    public PeerView replace(Caller caller, UUID id, String ifMatch, PeerSpec request) {
        PeerEntity peer = find(caller, id);
        ETags.checkIfMatch(ifMatch, peer.getVersion());
        return update(caller, peer, request);
    }

    @Transactional
    public PeerView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        PeerEntity peer = find(caller, id);
        ETags.checkIfMatch(ifMatch, peer.getVersion());
        return update(caller, peer, mergePatch.apply(currentSpec(peer), patch, PeerSpec.class));
    }

    private PeerView update(Caller caller, PeerEntity peer, PeerSpec request) {
        PeerSpec spec = valid(withStoredPassword(peer, request.withDefaults()));
        List<Violation> underTunnels = peerChecks.peer(peer.getId(), spec);
        if (!underTunnels.isEmpty()) {
            throw ApiException.invalid(underTunnels);
        }
        String givenPsk = givenPsk(spec.auth());
        boolean pskChanges = givenPsk != null && !givenPsk.equals(currentPsk(peer));
        boolean passwordChanges = spec.auth() instanceof PeerAuth.Password(String password) && !password.equals(currentPassword(peer));
        Map<String, String> storedPpks = currentPpks(peer);
        List<PeerPpk> ppks = ppkSecrets(spec, storedPpks);
        boolean ppkSecretsChange = !PeerPpkSecrets.list(storedPpks).equals(ppks);
        if (!pskChanges && !passwordChanges && !ppkSecretsChange && sameWithoutSecret(spec, currentSpec(peer))) {
            return PeerView.of(peer);
        }
        PeerView before = PeerView.of(peer);
        String generated = applySpec(peer, spec, true);
        applyPpks(peer, spec, ppks);
        peers.flush();
        PeerView after = PeerView.withGeneratedPsk(peer, generated);
        List<String> secretsChanged = new ArrayList<>();
        if (pskChanges || generated != null) secretsChanged.add(spec.auth() instanceof PeerAuth.Null ? "auth.gatewayPsk" : "auth.psk");
        if (passwordChanges) secretsChanged.add("auth.password");
        if (ppkSecretsChange) secretsChanged.add("ppks");
        audit.updated(caller, ResourceType.PEER, peer.getId(), before, after.withoutSecret(), secretsChanged);
        revisions.bump(references.gatewaysOfTunnelsUsingPeer(peer.getId()));
        return after;
    }

    @Transactional
    public void delete(Caller caller, UUID id, String ifMatch) {
        PeerEntity peer = find(caller, id);
        ETags.checkIfMatch(ifMatch, peer.getVersion());
        if (references.tunnelsUsingPeer(id) > 0) {
            throw new ApiException(ProblemType.RESOURCE_IN_USE, "tunnels still use this peer; delete them first");
        }
        PeerView before = PeerView.of(peer);
        peers.delete(peer);
        audit.deleted(caller, ResourceType.PEER, id, before);
    }

    /**
     * Writes the specification into the entity. Returns the PSK when the server generated one:
     * on create without a PSK, or on switching to PSK without giving one. An update that keeps PSK
     * authentication without naming a PSK keeps the stored one.
     */
    private String applySpec(PeerEntity peer, PeerSpec spec, boolean existing) {
        peer.setEndpoint(spec.name(), spec.labels(), spec.address(), spec.ikeIdentity());
        peer.useQkd(spec.qkd());
        return switch (spec.auth()) {
            case PeerAuth.Psk(String psk) when psk != null -> {
                peer.usePsk(encryptPsk(peer.getId(), psk));
                yield null;
            }
            case PeerAuth.Psk p when existing && PeerEntity.PSK.equals(peer.getAuthMethod()) -> null;
            case PeerAuth.Psk p -> {
                String generated = PskGenerator.generate();
                peer.usePsk(encryptPsk(peer.getId(), generated));
                yield generated;
            }
            case PeerAuth.Certificate(String pem, String expected) -> {
                peer.useCertificate(pem, expected);
                yield null;
            }
            case PeerAuth.Null(String gatewayPsk) when gatewayPsk != null -> {
                peer.useNull(encryptPsk(peer.getId(), gatewayPsk));
                yield null;
            }
            // an update that keeps NULL authentication without naming the gateway's PSK keeps the stored one (or none)
            case PeerAuth.Null n when existing && PeerEntity.NULL.equals(peer.getAuthMethod()) -> null;
            case PeerAuth.Null n -> {
                peer.useNull(null);
                yield null;
            }
            case PeerAuth.Password(String password) -> {
                peer.usePassword(cipher.encrypt(password.getBytes(StandardCharsets.UTF_8), passwordAssociatedData(peer.getId())));
                yield null;
            }
        };
    }

    /** The PSK a request names: a PSK peer's, or the one a NULL-authentication peer's gateway proves itself with. */
    private static String givenPsk(PeerAuth auth) {
        return switch (auth) {
            case PeerAuth.Psk(String psk) -> psk;
            case PeerAuth.Null(String gatewayPsk) -> gatewayPsk;
            case PeerAuth.Certificate c -> null;
            case PeerAuth.Password p -> null;
        };
    }

    /**
     * The PPKs with their secrets: as given, or for an id already stored and given without a secret,
     * the stored one. A new id without a secret is refused (422 naming its field): PPKs are not generated.
     */
    private static List<PeerPpk> ppkSecrets(PeerSpec spec, Map<String, String> stored) {
        List<PeerPpk> out = new ArrayList<>();
        List<Violation> missing = new ArrayList<>();
        for (int i = 0; i < spec.ppks().size(); i++) {
            PeerPpk p = spec.ppks().get(i);
            String secret = p.secret() != null ? p.secret() : stored.get(p.id());
            if (secret == null) missing.add(new Violation("ppks[" + i + "].secret", "is required for a PPK id not stored yet"));
            out.add(new PeerPpk(p.id(), secret));
        }
        if (!missing.isEmpty()) throw ApiException.invalid(missing);
        return out;
    }

    private void applyPpks(PeerEntity peer, PeerSpec spec, List<PeerPpk> ppks) {
        byte[] ciphertext = ppks.isEmpty() ? null
                : cipher.encrypt(PeerPpkSecrets.encode(ppks), PeerPpkSecrets.associatedData(peer.getId()));
        peer.usePpks(ppks.stream().map(PeerPpk::id).toList(), spec.ppkRequired(), ciphertext);
    }

    /** The stored PPKs by id; none when there are none or they are under a key no longer configured (then every secret must be given again). */
    private Map<String, String> currentPpks(PeerEntity peer) {
        if (peer.getPpkCiphertext() == null) return Map.of();
        try {
            return PeerPpkSecrets.decode(cipher.decrypt(peer.getPpkCiphertext(), PeerPpkSecrets.associatedData(peer.getId())));
        } catch (UndecryptableSecretException e) {
            return Map.of();
        }
    }

    /** The PPKs in {@code ciphertext}, a peer's ppk_ciphertext, with their secrets: for the agents' snapshot. */
    public static List<PeerPpk> ppks(SecretCipher cipher, UUID peerId, byte[] ciphertext) {
        return PeerPpkSecrets.list(PeerPpkSecrets.decode(cipher.decrypt(ciphertext, PeerPpkSecrets.associatedData(peerId))));
    }

    private byte[] encryptPsk(UUID peerId, String psk) {
        return cipher.encrypt(psk.getBytes(StandardCharsets.UTF_8), pskAssociatedData(peerId));
    }

    /** The stored PSK (a NULL-authentication peer's: the gateway's), for comparison only; null when there is none. */
    private String currentPsk(PeerEntity peer) {
        return decrypted(peer.getPskCiphertext(), pskAssociatedData(peer.getId()));
    }

    /** The stored password; null when the peer uses none. */
    private String currentPassword(PeerEntity peer) {
        return decrypted(peer.getPasswordCiphertext(), passwordAssociatedData(peer.getId()));
    }

    private String decrypted(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext == null) {
            return null;
        }
        try {
            return new String(cipher.decrypt(ciphertext, associatedData), StandardCharsets.UTF_8);
        } catch (UndecryptableSecretException e) {
            return null; // under a key no longer configured (or altered): any new secret counts as a change
        }
    }

    /**
     * An update of a password peer that leaves the password out keeps the stored one, as an update of a PSK peer
     * keeps its PSK (a merge patch starts from the stored specification, which holds no secret). Unlike a PSK, a
     * password is never generated: switching to password authentication must name one.
     */
    private PeerSpec withStoredPassword(PeerEntity peer, PeerSpec spec) {
        if (!(spec.auth() instanceof PeerAuth.Password(String password)) || password != null) return spec;
        String stored = currentPassword(peer);
        return stored == null ? spec : new PeerSpec(spec.name(), spec.labels(), spec.address(), spec.ikeIdentity(),
                new PeerAuth.Password(stored), spec.ppks(), spec.ppkRequired(), spec.qkd());
    }

    public static byte[] pskAssociatedData(UUID peerId) {
        return ("peer-psk:" + peerId).getBytes(StandardCharsets.UTF_8);
    }

    /** Not the PSK's: a password row altered to auth_method psk does not decrypt as a PSK. */
    public static byte[] passwordAssociatedData(UUID peerId) {
        return ("peer-password:" + peerId).getBytes(StandardCharsets.UTF_8);
    }

    /** The specification as stored, with the PSK or password left out (they are write-only). */
    private static PeerSpec currentSpec(PeerEntity peer) {
        PeerAuth auth = StoredPeerAuth.withoutSecrets(peer.getAuthMethod(), peer.getCaBundlePem(), peer.getExpectedIdentity());
        return new PeerSpec(peer.getName(), peer.getLabels(), peer.getAddress(), peer.getIkeIdentity(), auth,
                peer.getPpkIds().stream().map(id -> new PeerPpk(id, null)).toList(), peer.isPpkRequired(), peer.getQkd());
    }

    private static boolean sameWithoutSecret(PeerSpec a, PeerSpec b) {
        PeerAuth authA = switch (a.auth()) {
            case PeerAuth.Psk p -> new PeerAuth.Psk(null);
            case PeerAuth.Null n -> new PeerAuth.Null(null);
            case PeerAuth.Certificate c -> c;
            case PeerAuth.Password p -> new PeerAuth.Password(null);
        };
        List<PeerPpk> ppksA = a.ppks().stream().map(p -> new PeerPpk(p.id(), null)).toList();
        return new PeerSpec(a.name(), a.labels(), a.address(), a.ikeIdentity(), authA, ppksA, a.ppkRequired(), a.qkd()).equals(b);
    }

    private PeerEntity find(Caller caller, UUID id) {
        return peers.findByIdAndTenantId(id, caller.tenantId()).orElseThrow(() -> ApiException.notFound("peer"));
    }

    private PeerSpec valid(PeerSpec spec) {
        List<Violation> violations = spec.validate(endpoints.rules());
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return spec;
    }
}
