package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** decode(encode(m)) == m, and the encoding is stable, for messages covering every payload type. */
class RoundTripTest {

    private static IkeMessage roundTrip(IkeMessage message) throws IkeDecodeException {
        byte[] wire = message.encode();
        assertThat(wire).hasSize((int) message.header().length());
        IkeMessage decoded = IkeMessage.decode(wire);
        assertThat(decoded).isEqualTo(message);
        assertThat(decoded.encode()).isEqualTo(wire);
        assertThat(decoded.wire()).contains(Bytes.wrap(wire));
        return decoded;
    }

    @Test
    void ikeSaInitRequestRoundTripsWithEveryField() throws Exception {
        IkeMessage decoded = roundTrip(SampleMessages.ikeSaInitRequest());
        IkeHeader h = decoded.header();
        assertThat(h.initiatorSpi()).isEqualTo(0x1122334455667788L);
        assertThat(h.exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT);
        assertThat(h.initiator()).isTrue();
        assertThat(h.response()).isFalse();
        assertThat(h.nextPayload()).isEqualTo(PayloadType.SECURITY_ASSOCIATION.code());
        SecurityAssociationPayload sa = decoded.first(SecurityAssociationPayload.class).orElseThrow();
        Transform unknownKe = sa.proposals().get(1).transforms().get(3);
        assertThat(unknownKe.algorithm()).isEqualTo(KeyExchangeMethod.UNKNOWN);
        assertThat(unknownKe.idCode()).isEqualTo(0x7777);
        assertThat(sa.proposals().getFirst().transforms().getFirst().keyLength()).hasValue(256);
        assertThat(decoded.notify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)).isPresent();
        PayloadRules.checkOuter(decoded);
    }

    @Test
    void everyInnerPayloadTypeRoundTripsInsideAnInformationalMessage() throws Exception {
        // Not a valid exchange (the rules test covers that); this is about the bytes of each payload type.
        List<Payload> all = SampleMessages.everyInnerPayload();
        IkeMessage message = IkeMessage.of(
                IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, true, 0xfffffffeL), all);
        IkeMessage decoded = roundTrip(message);
        assertThat(decoded.payloads()).hasSize(all.size());
        assertThat(decoded.payloads().getLast()).isInstanceOf(UnknownPayload.class);
        assertThat(decoded.header().messageId()).isEqualTo(0xfffffffeL);
    }

    @Test
    void innerChainRoundTripsThroughTheEncryptedPayload() throws Exception {
        List<Payload> inner = SampleMessages.everyInnerPayload();
        byte[] chain = PayloadChain.encode(inner);
        EncryptedPayload sk = new EncryptedPayload(PayloadChain.firstType(inner), SampleMessages.filled(64, 1));
        IkeMessage outer = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), List.of(sk));
        IkeMessage decoded = roundTrip(outer);
        EncryptedPayload received = (EncryptedPayload) decoded.encryptedPayload().orElseThrow();
        assertThat(received.decodeInner(Bytes.wrap(chain))).isEqualTo(inner);
        assertThat(decoded.associatedData().length()).isEqualTo(IkeHeader.LENGTH + 4);
    }

    @Test
    void encryptedFragmentRoundTrips() throws Exception {
        EncryptedFragmentPayload skf = new EncryptedFragmentPayload(PayloadType.IDENTIFICATION_INITIATOR.code(), 1, 3,
                SampleMessages.filled(100, 2));
        IkeMessage decoded = roundTrip(
                IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), List.of(skf)));
        assertThat(decoded.associatedData().length()).isEqualTo(IkeHeader.LENGTH + 8);
        EncryptedFragmentPayload second = new EncryptedFragmentPayload(0, 2, 3, SampleMessages.filled(10, 2));
        roundTrip(IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), List.of(second)));
    }

    @Test
    void identificationKeepsNonZeroReservedBytesForTheAuthComputation() throws Exception {
        // IDi FQDN "a" with reserved bytes 01 02 03: RestOfInitIDPayload must be these body bytes exactly.
        Bytes chain = Bytes.fromHex("00000009 02010203 61");
        List<Payload> inner = PayloadChain.decode(PayloadType.IDENTIFICATION_INITIATOR.code(), chain);
        IdentificationPayload id = (IdentificationPayload) inner.getFirst();
        assertThat(id.idType()).isEqualTo(IdType.FQDN);
        assertThat(id.reserved()).isEqualTo(0x010203);
        assertThat(id.restOfPayload()).isEqualTo(chain.slice(4, 5));
        assertThat(PayloadChain.encode(inner)).isEqualTo(chain.toByteArray());
        assertThat(IdentificationPayload.of(true, IdType.FQDN, Bytes.fromHex("61")).restOfPayload())
                .isEqualTo(Bytes.fromHex("02000000 61"));
    }

    @Test
    void emptyInformationalIsJustAHeader() throws Exception {
        IkeMessage dpd = IkeMessage.of(IkeHeader.of(5, 6, ExchangeType.INFORMATIONAL, true, false, 7), List.of());
        assertThat(dpd.encode()).hasSize(IkeHeader.LENGTH);
        roundTrip(dpd);
    }
}
