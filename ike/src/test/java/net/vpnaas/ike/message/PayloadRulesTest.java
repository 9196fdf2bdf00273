package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The presence table, exchange by exchange, both for clear (IKE_SA_INIT) and decrypted inner payloads. */
class PayloadRulesTest {

    private static IkeHeader header(ExchangeType exchange, boolean response) {
        return IkeHeader.of(1, response ? 2 : 0, exchange, !response, response, 0);
    }

    private static void ok(ExchangeType exchange, boolean response, List<Payload> payloads) {
        assertThatNoException().isThrownBy(() -> {
            if (exchange == ExchangeType.IKE_SA_INIT) {
                PayloadRules.checkOuter(IkeMessage.of(header(exchange, response), payloads));
            } else {
                PayloadRules.checkInner(header(exchange, response), payloads);
            }
        });
    }

    private static void fails(ExchangeType exchange, boolean response, List<Payload> payloads, DecodeError reason,
                              PayloadType about) {
        assertThatThrownBy(() -> {
            if (exchange == ExchangeType.IKE_SA_INIT) {
                PayloadRules.checkOuter(IkeMessage.of(header(exchange, response), payloads));
            } else {
                PayloadRules.checkInner(header(exchange, response), payloads);
            }
        }).isInstanceOfSatisfying(IkeDecodeException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.relatedCode()).as(e.getMessage()).isEqualTo(about.code());
        });
    }

    private static final Payload SA = SampleMessages.espProposal();
    private static final Payload KE = KeyExchangePayload.of(KeyExchangeMethod.CURVE25519, SampleMessages.filled(32, 1));
    private static final Payload NONCE = new NoncePayload(SampleMessages.filled(32, 2));
    private static final Payload IDI = IdentificationPayload.of(true, IdType.FQDN, Bytes.wrap("a".getBytes()));
    private static final Payload IDR = IdentificationPayload.of(false, IdType.FQDN, Bytes.wrap("b".getBytes()));
    private static final Payload AUTH = AuthenticationPayload.of(AuthMethod.SHARED_KEY_MIC, SampleMessages.filled(32, 3));
    private static final Payload TSI = new TrafficSelectorPayload(true, List.of(new TrafficSelector.AddressRange(
            TsType.TS_IPV4_ADDR_RANGE.code(), 0, 0, 65535, Bytes.fromHex("0a000000"), Bytes.fromHex("0a0000ff"))));
    private static final Payload TSR = new TrafficSelectorPayload(false, ((TrafficSelectorPayload) TSI).selectors());
    private static final Payload EAP = new EapPayload(Bytes.fromHex("01010005 01"));
    private static final Payload COOKIE = NotifyPayload.of(NotifyType.COOKIE, SampleMessages.filled(16, 4));
    private static final Payload NATD = NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, SampleMessages.filled(20, 5));
    private static final Payload VID = new VendorIdPayload(SampleMessages.filled(16, 6));
    private static final Payload UNKNOWN = new UnknownPayload(190, Bytes.EMPTY);

    @Test
    void ikeSaInit() {
        ok(ExchangeType.IKE_SA_INIT, false, List.of(COOKIE, SA, KE, NONCE, NATD, VID, UNKNOWN));
        fails(ExchangeType.IKE_SA_INIT, false, List.of(SA, NONCE, NATD), DecodeError.MISSING_PAYLOAD,
                PayloadType.KEY_EXCHANGE);
        fails(ExchangeType.IKE_SA_INIT, false, List.of(SA, KE, KE, NONCE), DecodeError.TOO_MANY_PAYLOADS,
                PayloadType.KEY_EXCHANGE);
        fails(ExchangeType.IKE_SA_INIT, false, List.of(SA, KE, NONCE, IDI), DecodeError.UNEXPECTED_PAYLOAD,
                PayloadType.IDENTIFICATION_INITIATOR);
        ok(ExchangeType.IKE_SA_INIT, true, List.of(SA, KE, NONCE, NATD));
        ok(ExchangeType.IKE_SA_INIT, true, List.of(COOKIE));
        ok(ExchangeType.IKE_SA_INIT, true, List.of(NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, Bytes.fromHex("001f"))));
        ok(ExchangeType.IKE_SA_INIT, true, List.of(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN), VID));
        // A lone status notification that is neither a cookie nor an error is no answer.
        fails(ExchangeType.IKE_SA_INIT, true, List.of(NATD), DecodeError.MISSING_PAYLOAD, PayloadType.NOTIFY);
        // An empty response is closest to the notification-only form.
        fails(ExchangeType.IKE_SA_INIT, true, List.of(), DecodeError.MISSING_PAYLOAD, PayloadType.NOTIFY);
        fails(ExchangeType.IKE_SA_INIT, true, List.of(SA, NONCE), DecodeError.MISSING_PAYLOAD, PayloadType.KEY_EXCHANGE);
        fails(ExchangeType.IKE_SA_INIT, false, List.of(new EncryptedPayload(33, Bytes.EMPTY)),
                DecodeError.UNEXPECTED_PAYLOAD, PayloadType.ENCRYPTED);
    }

    @Test
    void ikeAuth() {
        ok(ExchangeType.IKE_AUTH, false, List.of(IDI, NotifyPayload.of(NotifyType.INITIAL_CONTACT), IDR, AUTH, SA, TSI, TSR));
        ok(ExchangeType.IKE_AUTH, false, List.of(IDI, AUTH));                 // childless (RFC 6023)
        ok(ExchangeType.IKE_AUTH, false, List.of(IDI, SA, TSI, TSR));         // no AUTH: EAP requested
        ok(ExchangeType.IKE_AUTH, false, List.of(EAP));
        ok(ExchangeType.IKE_AUTH, false, List.of(AUTH));                      // final AUTH after EAP
        fails(ExchangeType.IKE_AUTH, false, List.of(IDI, AUTH, SA, TSI), DecodeError.MISSING_PAYLOAD,
                PayloadType.TRAFFIC_SELECTOR_RESPONDER);
        fails(ExchangeType.IKE_AUTH, false, List.of(IDI, AUTH, AUTH, SA, TSI, TSR), DecodeError.TOO_MANY_PAYLOADS,
                PayloadType.AUTHENTICATION);
        fails(ExchangeType.IKE_AUTH, false, List.of(IDI, AUTH, KE), DecodeError.UNEXPECTED_PAYLOAD,
                PayloadType.KEY_EXCHANGE);
        ok(ExchangeType.IKE_AUTH, true, List.of(IDR, AUTH, SA, TSI, TSR));
        ok(ExchangeType.IKE_AUTH, true, List.of(IDR, AUTH, NotifyPayload.of(NotifyType.TS_UNACCEPTABLE)));
        ok(ExchangeType.IKE_AUTH, true, List.of(IDR, EAP));
        ok(ExchangeType.IKE_AUTH, true, List.of(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED)));
        fails(ExchangeType.IKE_AUTH, true, List.of(IDR, SA, TSI, TSR), DecodeError.MISSING_PAYLOAD,
                PayloadType.AUTHENTICATION);
    }

    @Test
    void createChildSaInformationalAndOthers() {
        Payload rekey = new NotifyPayload(ProtocolId.ESP.code(), SampleMessages.filled(4, 1), NotifyType.REKEY_SA.code(),
                Bytes.EMPTY);
        ok(ExchangeType.CREATE_CHILD_SA, false, List.of(rekey, SA, NONCE, KE, TSI, TSR));
        ok(ExchangeType.CREATE_CHILD_SA, false, List.of(SA, NONCE, KE));     // IKE SA rekey
        fails(ExchangeType.CREATE_CHILD_SA, false, List.of(SA, KE, TSI, TSR), DecodeError.MISSING_PAYLOAD,
                PayloadType.NONCE);
        ok(ExchangeType.CREATE_CHILD_SA, true, List.of(NotifyPayload.of(NotifyType.NO_ADDITIONAL_SAS)));
        // Notifications alone must include an error.
        fails(ExchangeType.CREATE_CHILD_SA, true, List.of(NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE)),
                DecodeError.MISSING_PAYLOAD, PayloadType.NOTIFY);
        fails(ExchangeType.CREATE_CHILD_SA, true, List.of(SA, KE, NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE)),
                DecodeError.MISSING_PAYLOAD, PayloadType.NONCE);
        ok(ExchangeType.INFORMATIONAL, false, List.of());
        ok(ExchangeType.INFORMATIONAL, false, List.of(DeletePayload.ikeSa()));
        ok(ExchangeType.INFORMATIONAL, true, List.of(DeletePayload.childSas(ProtocolId.ESP,
                List.of(SampleMessages.filled(4, 1))), UNKNOWN));
        fails(ExchangeType.INFORMATIONAL, false, List.of(SA), DecodeError.UNEXPECTED_PAYLOAD,
                PayloadType.SECURITY_ASSOCIATION);
        ok(ExchangeType.IKE_INTERMEDIATE, false, List.of(KE));
        ok(ExchangeType.IKE_FOLLOWUP_KE, true, List.of(KE, NotifyPayload.of(NotifyType.ADDITIONAL_KEY_EXCHANGE)));
    }

    @Test
    void protectedExchangesMustBeEncryptedAndUnknownExchangesHaveNoRules() throws Exception {
        assertThatThrownBy(() -> PayloadRules.checkOuter(IkeMessage.of(header(ExchangeType.IKE_AUTH, false),
                List.of(IDI, AUTH)))).isInstanceOfSatisfying(IkeDecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(DecodeError.UNEXPECTED_PAYLOAD));
        assertThatThrownBy(() -> PayloadRules.checkOuter(IkeMessage.of(header(ExchangeType.INFORMATIONAL, false),
                List.of()))).isInstanceOfSatisfying(IkeDecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(DecodeError.MISSING_PAYLOAD));
        IkeHeader unknown = new IkeHeader(1, 2, 0, 2, 0, 200, true, false, false, 0, 0);
        assertThatThrownBy(() -> PayloadRules.checkInner(unknown, new ArrayList<>()))
                .isInstanceOfSatisfying(IkeDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DecodeError.UNSUPPORTED_EXCHANGE);
                    assertThat(e.relatedCode()).isEqualTo(200);
                });
    }
}
