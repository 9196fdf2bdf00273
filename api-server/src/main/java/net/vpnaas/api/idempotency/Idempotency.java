package net.vpnaas.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.MasterKeys;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ProblemType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST with an {@value #HEADER} header: the first request runs and its response is stored with a
 * fingerprint of the request, in the same transaction as what it created. A retry with the same
 * key and the same request gets the stored status, headers and body again and creates nothing; the
 * same key with a different request is 422. Keys are scoped to the acting tenant.
 * <p>
 * The fingerprint is an HMAC-SHA256 under a key derived from the master key, not a plain hash: a
 * request may carry a PSK, and a plain hash in the database would let anyone who reads it test
 * guesses of a weak PSK offline. Rotation: a record is fingerprinted under the master key current
 * when it was made, so a retry is matched under every configured key (the current one first);
 * once the key it was made under is removed, a retry of that request cannot be matched and is
 * answered 422 like a different request. Records live 24 hours ({@link IdempotencyRecordExpiry}),
 * so a key removed more than a day after it stopped being current leaves no such retry behind.
 * Records made before fingerprints were keyed (a plain SHA-256) match no key either: a retry that
 * spans that upgrade is refused the same way.
 */
@Service
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    /** The stored responses, encrypted because a create response may carry a secret (a generated PSK). */
    public static final EncryptedColumn RESPONSES = new EncryptedColumn("stored idempotent responses",
            "idempotency_record", List.of("tenant_id", "idempotency_key"), "response_body",
            key -> associatedData((UUID) key.get(0), (String) key.get(1)));
    private static final String FINGERPRINT_KEY_PURPOSE = "vpnaas idempotency request fingerprint";

    private final IdempotencyStore store;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;
    private final JsonMapper mapper;
    private final JsonMapper canonical;
    /** One per configured master key, the current one's first. */
    private final List<SecretKey> fingerprintKeys;

    Idempotency(IdempotencyStore store, TransactionTemplate transactions, SecretCipher cipher, MasterKeys masterKeys,
                JsonMapper mapper) {
        this.store = store;
        this.transactions = transactions;
        this.cipher = cipher;
        this.mapper = mapper;
        this.canonical = mapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        this.fingerprintKeys = masterKeys.all().stream().map(k -> k.derive(FINGERPRINT_KEY_PURPOSE, "HmacSHA256")).toList();
    }

    public ResponseEntity<?> execute(Caller caller, String key, String path, Object request,
                                     Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return action.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(HEADER, "must be 1-255 visible ASCII characters");
        }
        byte[] canonicalRequest = canonical.writeValueAsBytes(request);
        return transactions.execute(tx -> {
            if (store.claim(caller.tenantId(), key, fingerprint(fingerprintKeys.getFirst(), path, canonicalRequest))) {
                ResponseEntity<?> response = action.get();
                byte[] body = mapper.writeValueAsBytes(response.getBody());
                store.complete(caller.tenantId(), key, response.getStatusCode().value(),
                        response.getHeaders().getFirst(HttpHeaders.LOCATION), response.getHeaders().getETag(),
                        cipher.encrypt(body, associatedData(caller.tenantId(), key)));
                return response;
            }
            var stored = store.find(caller.tenantId(), key).orElseThrow();
            if (fingerprintKeys.stream().noneMatch(k ->
                    MessageDigest.isEqual(stored.fingerprint(), fingerprint(k, path, canonicalRequest)))) {
                throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key '" + key + "' was used for a different request");
            }
            var replay = ResponseEntity.status(stored.status()).contentType(MediaType.APPLICATION_JSON)
                    .header(HEADER + "-Replayed", "true");
            if (stored.location() != null) {
                replay.header(HttpHeaders.LOCATION, stored.location());
            }
            if (stored.etag() != null) {
                replay.header(HttpHeaders.ETAG, stored.etag());
            }
            return replay.body(new String(cipher.decrypt(stored.encryptedBody(), associatedData(caller.tenantId(), key)),
                    StandardCharsets.UTF_8));
        });
    }

    private static byte[] fingerprint(SecretKey key, String path, byte[] canonicalRequest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(("POST " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(canonicalRequest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private static byte[] associatedData(UUID tenantId, String key) {
        return ("idempotency:" + tenantId + ":" + key).getBytes(StandardCharsets.UTF_8);
    }
}
