package net.vpnaas.ike.message;

import static net.vpnaas.ike.message.ExchangeType.CREATE_CHILD_SA;
import static net.vpnaas.ike.message.ExchangeType.IKE_AUTH;
import static net.vpnaas.ike.message.ExchangeType.IKE_FOLLOWUP_KE;
import static net.vpnaas.ike.message.ExchangeType.IKE_INTERMEDIATE;
import static net.vpnaas.ike.message.ExchangeType.IKE_SA_INIT;
import static net.vpnaas.ike.message.ExchangeType.INFORMATIONAL;
import static net.vpnaas.ike.message.PayloadType.AUTHENTICATION;
import static net.vpnaas.ike.message.PayloadType.CERTIFICATE;
import static net.vpnaas.ike.message.PayloadType.CERTIFICATE_REQUEST;
import static net.vpnaas.ike.message.PayloadType.CONFIGURATION;
import static net.vpnaas.ike.message.PayloadType.DELETE;
import static net.vpnaas.ike.message.PayloadType.EAP;
import static net.vpnaas.ike.message.PayloadType.GSPM;
import static net.vpnaas.ike.message.PayloadType.IDENTIFICATION_INITIATOR;
import static net.vpnaas.ike.message.PayloadType.IDENTIFICATION_RESPONDER;
import static net.vpnaas.ike.message.PayloadType.KEY_EXCHANGE;
import static net.vpnaas.ike.message.PayloadType.NONCE;
import static net.vpnaas.ike.message.PayloadType.NOTIFY;
import static net.vpnaas.ike.message.PayloadType.PUZZLE_SOLUTION;
import static net.vpnaas.ike.message.PayloadType.SECURITY_ASSOCIATION;
import static net.vpnaas.ike.message.PayloadType.TRAFFIC_SELECTOR_INITIATOR;
import static net.vpnaas.ike.message.PayloadType.TRAFFIC_SELECTOR_RESPONDER;
import static net.vpnaas.ike.message.PayloadType.VENDOR_ID;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which payloads each exchange carries, per direction: the one table of presence and count rules
 * (RFC 7296 section 1 and the extensions we speak), checked once per received message.
 *
 * <p>IKE_SA_INIT travels in the clear, so {@link #checkOuter} checks its payloads directly. Every
 * other exchange is protected: {@link #checkOuter} only checks that the message is one SK (or SKF)
 * payload (in an IKE_AUTH request perhaps behind a PS, RFC 8019 7.2.2), and after decryption (and reassembly) the engine calls {@link #checkInner} on the inner
 * payloads. Payloads of unsupported non-critical types are ignored here, as RFC 7296 section 2.5 says.
 */
public final class PayloadRules {

    private PayloadRules() {
    }

    /** How often a payload type may occur. */
    record Count(PayloadType type, int min, int max) {
    }

    /**
     * One acceptable form of a message: counts per payload type (types not listed are unexpected),
     * groups of types that come all together or not at all, and an extra condition on the payloads.
     */
    record Shape(String name, List<Count> counts, List<Set<PayloadType>> together,
                 Predicate<List<Payload>> condition, String conditionText) {

        Shape withTogether(PayloadType... types) {
            List<Set<PayloadType>> groups = new java.util.ArrayList<>(together);
            groups.add(EnumSet.copyOf(Arrays.asList(types)));
            return new Shape(name, counts, List.copyOf(groups), condition, conditionText);
        }

        Shape requiring(String text, Predicate<List<Payload>> extra) {
            return new Shape(name, counts, together, extra, text);
        }
    }

    private record Key(ExchangeType exchange, boolean response) {
    }

    private static final int MANY = Integer.MAX_VALUE;

    /** Lone notifications that may replace a normal IKE_SA_INIT or CREATE_CHILD_SA response. */
    private static final Predicate<List<Payload>> REFUSAL = payloads -> payloads.stream().anyMatch(p ->
            p instanceof NotifyPayload n && (n.isError() || n.notifyTypeCode() == NotifyType.COOKIE.code()
                    || n.notifyTypeCode() == NotifyType.REDIRECT.code()));
    private static final String REFUSAL_TEXT = "an error, COOKIE or REDIRECT notification";
    private static final Predicate<List<Payload>> ERROR = payloads -> payloads.stream().anyMatch(p ->
            p instanceof NotifyPayload n && n.isError());
    private static final String ERROR_TEXT = "an error notification";

    /** A request retried for a puzzle carries its solution, PS (RFC 8019 section 7.1.2). */
    private static final Shape INIT = shape("SA, KE, nonce", one(SECURITY_ASSOCIATION), one(KEY_EXCHANGE), one(NONCE),
            any(NOTIFY), any(VENDOR_ID), any(CERTIFICATE_REQUEST), optional(PUZZLE_SOLUTION));
    private static final Shape CHILD = shape("SA, nonce, optional KE and TSi+TSr", one(SECURITY_ASSOCIATION),
            one(NONCE), optional(KEY_EXCHANGE), optional(TRAFFIC_SELECTOR_INITIATOR),
            optional(TRAFFIC_SELECTOR_RESPONDER), any(NOTIFY), any(VENDOR_ID))
            .withTogether(TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER);
    private static final Shape EAP_ROUND = shape("EAP", one(EAP), any(NOTIFY), any(VENDOR_ID));
    private static final Shape NOTIFY_ONLY = shape("notification only", atLeastOne(NOTIFY), any(VENDOR_ID));
    private static final Shape INFO = shape("informational", any(NOTIFY), any(DELETE), optional(CONFIGURATION),
            any(VENDOR_ID));
    private static final Shape INTERMEDIATE = shape("intermediate", any(KEY_EXCHANGE), any(NOTIFY), any(VENDOR_ID));
    private static final Shape FOLLOWUP_KE = shape("KE", one(KEY_EXCHANGE), any(NOTIFY), any(VENDOR_ID));

    /** THE table. Order within a row only matters for which shape an error message names first. */
    private static final Map<Key, List<Shape>> TABLE = Map.ofEntries(
            Map.entry(new Key(IKE_SA_INIT, false), List.of(INIT)),
            Map.entry(new Key(IKE_SA_INIT, true), List.of(INIT, NOTIFY_ONLY.requiring(REFUSAL_TEXT, REFUSAL))),
            Map.entry(new Key(IKE_AUTH, false), List.of(
                    // No AUTH in the first IKE_AUTH request asks for EAP (RFC 7296 section 2.16).
                    shape("IDi, AUTH (absent to start EAP), optional Child SA", one(IDENTIFICATION_INITIATOR),
                            optional(AUTHENTICATION), optional(IDENTIFICATION_RESPONDER), any(CERTIFICATE),
                            any(CERTIFICATE_REQUEST), optional(CONFIGURATION), optional(SECURITY_ASSOCIATION),
                            optional(TRAFFIC_SELECTOR_INITIATOR), optional(TRAFFIC_SELECTOR_RESPONDER), any(NOTIFY),
                            any(VENDOR_ID))
                            .withTogether(SECURITY_ASSOCIATION, TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER),
                    // PACE (RFC 6631): no AUTH yet, the encrypted nonce and the ephemeral key on the mapped generator.
                    shape("IDi, GSPM (ENONCE), KE (PACE), optional Child SA", one(IDENTIFICATION_INITIATOR),
                            optional(IDENTIFICATION_RESPONDER), one(GSPM), one(KEY_EXCHANGE), optional(CONFIGURATION),
                            optional(SECURITY_ASSOCIATION), optional(TRAFFIC_SELECTOR_INITIATOR),
                            optional(TRAFFIC_SELECTOR_RESPONDER), any(NOTIFY), any(VENDOR_ID))
                            .withTogether(SECURITY_ASSOCIATION, TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER),
                    EAP_ROUND,
                    shape("AUTH after EAP or PACE", one(AUTHENTICATION), any(NOTIFY), any(VENDOR_ID)))),
            Map.entry(new Key(IKE_AUTH, true), List.of(
                    shape("IDr, AUTH, optional Child SA", one(IDENTIFICATION_RESPONDER), one(AUTHENTICATION),
                            any(CERTIFICATE), optional(CONFIGURATION), optional(SECURITY_ASSOCIATION),
                            optional(TRAFFIC_SELECTOR_INITIATOR), optional(TRAFFIC_SELECTOR_RESPONDER), any(NOTIFY),
                            any(VENDOR_ID))
                            .withTogether(SECURITY_ASSOCIATION, TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER),
                    shape("IDr and first EAP", one(IDENTIFICATION_RESPONDER), any(CERTIFICATE),
                            optional(AUTHENTICATION), one(EAP), any(NOTIFY), any(VENDOR_ID)),
                    shape("IDr and KE (PACE)", one(IDENTIFICATION_RESPONDER), one(KEY_EXCHANGE), any(NOTIFY), any(VENDOR_ID)),
                    EAP_ROUND,
                    shape("AUTH after EAP or PACE, optional Child SA", one(AUTHENTICATION), optional(CONFIGURATION),
                            optional(SECURITY_ASSOCIATION), optional(TRAFFIC_SELECTOR_INITIATOR),
                            optional(TRAFFIC_SELECTOR_RESPONDER), any(NOTIFY), any(VENDOR_ID))
                            .withTogether(SECURITY_ASSOCIATION, TRAFFIC_SELECTOR_INITIATOR, TRAFFIC_SELECTOR_RESPONDER),
                    NOTIFY_ONLY.requiring(ERROR_TEXT, ERROR))),
            Map.entry(new Key(CREATE_CHILD_SA, false), List.of(CHILD)),
            Map.entry(new Key(CREATE_CHILD_SA, true), List.of(CHILD, NOTIFY_ONLY.requiring(ERROR_TEXT, ERROR))),
            Map.entry(new Key(INFORMATIONAL, false), List.of(INFO)),
            Map.entry(new Key(INFORMATIONAL, true), List.of(INFO)),
            Map.entry(new Key(IKE_INTERMEDIATE, false), List.of(INTERMEDIATE)),
            Map.entry(new Key(IKE_INTERMEDIATE, true), List.of(INTERMEDIATE)),
            Map.entry(new Key(IKE_FOLLOWUP_KE, false), List.of(FOLLOWUP_KE)),
            Map.entry(new Key(IKE_FOLLOWUP_KE, true), List.of(FOLLOWUP_KE, NOTIFY_ONLY.requiring(ERROR_TEXT, ERROR))));

    /**
     * Checks the payloads a received message carries in the clear: for IKE_SA_INIT all of them, for
     * the protected exchanges that there is exactly one SK or SKF payload.
     */
    public static void checkOuter(IkeMessage message) throws IkeDecodeException {
        IkeHeader header = message.header();
        if (header.exchangeType() == IKE_SA_INIT) {
            check(header, message.payloads());
            return;
        }
        rowFor(header);
        int encrypted = 0;
        int solutions = 0;
        for (Payload p : message.payloads()) {
            switch (p) {
                case EncryptedPayload sk -> encrypted++;
                case EncryptedFragmentPayload skf -> encrypted++;
                case UnknownPayload u -> { }
                // RFC 8019 7.2.2: HDR, PS, SK {...} (or PS in front of the first SKF fragment) in an IKE_AUTH request.
                case PuzzleSolutionPayload ps when header.exchangeType() == IKE_AUTH && !header.response() -> {
                    if (encrypted > 0) throw new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, p.typeCode(), "PS behind the encrypted payload");
                    solutions++;
                }
                default -> throw new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, p.typeCode(),
                        p.type() + " outside the encrypted payload of " + header.exchangeType());
            }
        }
        if (encrypted == 0) {
            throw new IkeDecodeException(DecodeError.MISSING_PAYLOAD, -1, PayloadType.ENCRYPTED.code(),
                    header.exchangeType() + " must be encrypted");
        }
        if (solutions > 1 || solutions == 1 && message.payloads().getLast() instanceof EncryptedFragmentPayload f && f.fragmentNumber() != 1) {
            throw new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, PayloadType.PUZZLE_SOLUTION.code(),
                    "a puzzle solution goes once, in front of SK or of the first SKF fragment");
        }
    }

    /** Checks the decrypted (and reassembled) inner payloads of a protected message. */
    public static void checkInner(IkeHeader header, List<Payload> inner) throws IkeDecodeException {
        if (header.exchangeType() == IKE_SA_INIT) {
            throw new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, PayloadType.ENCRYPTED.code(),
                    "IKE_SA_INIT is never encrypted");
        }
        check(header, inner);
    }

    private static List<Shape> rowFor(IkeHeader header) throws IkeDecodeException {
        List<Shape> shapes = TABLE.get(new Key(header.exchangeType(), header.response()));
        if (shapes == null) {
            throw new IkeDecodeException(DecodeError.UNSUPPORTED_EXCHANGE, -1, header.exchangeTypeCode(),
                    "no payload rules for exchange type " + header.exchangeTypeCode());
        }
        return shapes;
    }

    private static void check(IkeHeader header, List<Payload> payloads) throws IkeDecodeException {
        List<Shape> shapes = rowFor(header);
        int[] counts = new int[PayloadType.values().length];
        for (Payload p : payloads) {
            if (p instanceof EncryptedPayload || p instanceof EncryptedFragmentPayload) {
                throw new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, p.typeCode(),
                        "an encrypted payload among the payloads to check: decrypt it and check the inner payloads");
            }
            if (!(p instanceof UnknownPayload)) {
                counts[p.type().ordinal()]++;
            }
        }
        IkeDecodeException closest = null;
        int closestScore = MANY;
        for (Shape shape : shapes) {
            IkeDecodeException violation = violation(shape, counts, payloads, header);
            if (violation == null) {
                return;
            }
            int score = score(shape, counts, payloads);
            if (score < closestScore) {
                closest = violation;
                closestScore = score;
            }
        }
        throw closest;
    }

    /** How far a message is from a shape: payload types counted outside their range, broken groups, failed condition. */
    private static int score(Shape shape, int[] counts, List<Payload> payloads) {
        int misses = 0;
        int[] allowedMax = new int[counts.length];
        for (Count c : shape.counts()) {
            int n = counts[c.type().ordinal()];
            allowedMax[c.type().ordinal()] = c.max();
            if (n < c.min() || n > c.max()) {
                misses++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > allowedMax[i]) {
                misses++;
            }
        }
        for (Set<PayloadType> group : shape.together()) {
            long present = group.stream().filter(t -> counts[t.ordinal()] > 0).count();
            if (present != 0 && present != group.size()) {
                misses++;
            }
        }
        if (shape.condition() != null && !shape.condition().test(payloads)) {
            misses++;
        }
        return misses;
    }

    private static IkeDecodeException violation(Shape shape, int[] counts, List<Payload> payloads, IkeHeader header) {
        String where = header.exchangeType() + (header.response() ? " response" : " request")
                + " (form: " + shape.name() + ")";
        boolean[] listed = new boolean[counts.length];
        for (Count c : shape.counts()) {
            int n = counts[c.type().ordinal()];
            listed[c.type().ordinal()] = true;
            if (n < c.min()) {
                return new IkeDecodeException(DecodeError.MISSING_PAYLOAD, -1, c.type().code(),
                        where + " needs " + c.type() + (c.min() > 1 ? " x" + c.min() : ""));
            }
            if (n > c.max()) {
                return new IkeDecodeException(DecodeError.TOO_MANY_PAYLOADS, -1, c.type().code(),
                        where + " allows " + c.max() + " " + c.type() + ", has " + n);
            }
        }
        PayloadType[] types = PayloadType.values();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && !listed[i]) {
                return new IkeDecodeException(DecodeError.UNEXPECTED_PAYLOAD, -1, types[i].code(),
                        where + " does not carry " + types[i]);
            }
        }
        for (Set<PayloadType> group : shape.together()) {
            long present = group.stream().filter(t -> counts[t.ordinal()] > 0).count();
            if (present != 0 && present != group.size()) {
                PayloadType missing = group.stream().filter(t -> counts[t.ordinal()] == 0).findFirst().orElseThrow();
                return new IkeDecodeException(DecodeError.MISSING_PAYLOAD, -1, missing.code(),
                        where + " carries " + group + " together or not at all, " + missing + " is missing");
            }
        }
        if (shape.condition() != null && !shape.condition().test(payloads)) {
            return new IkeDecodeException(DecodeError.MISSING_PAYLOAD, -1, NOTIFY.code(),
                    where + " needs " + shape.conditionText());
        }
        return null;
    }

    private static Shape shape(String name, Count... counts) {
        return new Shape(name, List.of(counts), List.of(), null, null);
    }

    private static Count one(PayloadType type) {
        return new Count(type, 1, 1);
    }

    private static Count optional(PayloadType type) {
        return new Count(type, 0, 1);
    }

    private static Count any(PayloadType type) {
        return new Count(type, 0, MANY);
    }

    private static Count atLeastOne(PayloadType type) {
        return new Count(type, 1, MANY);
    }
}
