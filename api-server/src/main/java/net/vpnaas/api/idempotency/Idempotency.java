package net.vpnaas.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.vpnaas.api.auth.Caller;
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
 */
@Service
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IdempotencyStore store;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;
    private final JsonMapper mapper;
    private final JsonMapper canonical;

    Idempotency(IdempotencyStore store, TransactionTemplate transactions, SecretCipher cipher, JsonMapper mapper) {
        this.store = store;
        this.transactions = transactions;
        this.cipher = cipher;
        this.mapper = mapper;
        this.canonical = mapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    }

    public ResponseEntity<?> execute(Caller caller, String key, String path, Object request,
                                     Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return action.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(HEADER, "must be 1-255 visible ASCII characters");
        }
        byte[] fingerprint = fingerprint(path, request);
        return transactions.execute(tx -> {
            if (store.claim(caller.tenantId(), key, fingerprint)) {
                ResponseEntity<?> response = action.get();
                byte[] body = mapper.writeValueAsBytes(response.getBody());
                store.complete(caller.tenantId(), key, response.getStatusCode().value(),
                        response.getHeaders().getFirst(HttpHeaders.LOCATION), response.getHeaders().getETag(),
                        cipher.encrypt(body, associatedData(caller, key)));
                return response;
            }
            var stored = store.find(caller.tenantId(), key).orElseThrow();
            if (!MessageDigest.isEqual(stored.fingerprint(), fingerprint)) {
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
            return replay.body(new String(cipher.decrypt(stored.encryptedBody(), associatedData(caller, key)),
                    StandardCharsets.UTF_8));
        });
    }

    private byte[] fingerprint(String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("POST " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(canonical.writeValueAsBytes(request));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] associatedData(Caller caller, String key) {
        return ("idempotency:" + caller.tenantId() + ":" + key).getBytes(StandardCharsets.UTF_8);
    }
}
