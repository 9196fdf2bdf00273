package net.vpnaas.ike.message;

import java.net.InetAddress;
import java.util.List;

/** Messages built field by field for the round-trip and rule tests: one of every payload type. */
final class SampleMessages {

    private SampleMessages() {
    }

    static Bytes filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return Bytes.wrap(b);
    }

    static SecurityAssociationPayload ikeProposals() {
        return new SecurityAssociationPayload(List.of(
                Proposal.of(1, ProtocolId.IKE, Bytes.EMPTY, List.of(
                        Transform.encryption(EncryptionAlgorithm.AES_GCM_16, 256),
                        Transform.prf(PrfAlgorithm.HMAC_SHA2_256),
                        Transform.keyExchange(KeyExchangeMethod.CURVE25519),
                        Transform.keyExchange(KeyExchangeMethod.ECP_256))),
                Proposal.of(2, ProtocolId.IKE, Bytes.EMPTY, List.of(
                        Transform.encryption(EncryptionAlgorithm.AES_CBC, 128),
                        Transform.integrity(IntegrityAlgorithm.HMAC_SHA2_256_128),
                        Transform.prf(PrfAlgorithm.HMAC_SHA2_256),
                        new Transform(TransformType.KEY_EXCHANGE.code(), 0x7777, List.of()),
                        new Transform(TransformType.ENCRYPTION.code(), 1024,
                                List.of(new TransformAttribute(99, false, filled(3, 1))))))));
    }

    static SecurityAssociationPayload espProposal() {
        return new SecurityAssociationPayload(List.of(Proposal.of(1, ProtocolId.ESP, filled(4, 9), List.of(
                Transform.encryption(EncryptionAlgorithm.CHACHA20_POLY1305),
                Transform.esn(EsnMode.NO_ESN)))));
    }

    static IkeMessage ikeSaInitRequest() {
        return IkeMessage.of(IkeHeader.of(0x1122334455667788L, 0, ExchangeType.IKE_SA_INIT, true, false, 0), List.of(
                ikeProposals(),
                KeyExchangePayload.of(KeyExchangeMethod.CURVE25519, filled(32, 3)),
                new NoncePayload(filled(32, 5)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, filled(20, 11)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, filled(20, 12)),
                NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
                NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Bytes.fromHex("0002 0003 0004")),
                new VendorIdPayload(filled(16, 13)),
                CertificateRequestPayload.of(CertEncoding.X509_SIGNATURE, filled(40, 17))));
    }

    /** Every payload type that may appear inside SK, in one (rule-breaking) list. */
    static List<Payload> everyInnerPayload() throws Exception {
        return List.of(
                IdentificationPayload.of(true, IdType.IPV4_ADDR, Bytes.fromHex("c0000201")),
                IdentificationPayload.of(false, IdType.FQDN, Bytes.wrap("gw.example.net".getBytes())),
                IdentificationPayload.of(true, IdType.RFC822_ADDR, Bytes.wrap("ops@example.net".getBytes())),
                IdentificationPayload.of(true, IdType.IPV6_ADDR, filled(16, 2)),
                IdentificationPayload.of(true, IdType.DER_ASN1_DN, filled(40, 3)),
                IdentificationPayload.of(true, IdType.DER_ASN1_GN, filled(12, 4)),
                IdentificationPayload.of(true, IdType.KEY_ID, filled(8, 5)),
                CertificatePayload.of(CertEncoding.X509_SIGNATURE, filled(300, 6)),
                CertificateRequestPayload.of(CertEncoding.X509_SIGNATURE, filled(20, 7)),
                AuthenticationPayload.of(AuthMethod.SHARED_KEY_MIC, filled(32, 8)),
                espProposal(),
                new TrafficSelectorPayload(true, List.of(
                        TrafficSelector.AddressRange.of(InetAddress.getByName("10.1.0.0"),
                                InetAddress.getByName("10.1.255.255"), 0, 0, 65535),
                        TrafficSelector.AddressRange.of(InetAddress.getByName("2001:db8::"),
                                InetAddress.getByName("2001:db8::ffff"), 6, 443, 443))),
                new TrafficSelectorPayload(false, List.of(
                        TrafficSelector.AddressRange.of(InetAddress.getByName("10.2.0.0"),
                                InetAddress.getByName("10.2.255.255"), 17, 500, 4500),
                        new TrafficSelector.Other(TsType.TS_SECLABEL.code(), 0, filled(5, 9)))),
                ConfigurationPayload.of(ConfigType.CFG_REQUEST, List.of(
                        ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP4_ADDRESS, Bytes.EMPTY),
                        ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP4_DNS, Bytes.fromHex("08080808")))),
                new EapPayload(Bytes.fromHex("0201000a01757365720a")),
                new NotifyPayload(ProtocolId.ESP.code(), filled(4, 10), NotifyType.REKEY_SA.code(), Bytes.EMPTY),
                NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE),
                NotifyPayload.of(NotifyType.ESP_TFC_PADDING_NOT_SUPPORTED),
                NotifyPayload.of(NotifyType.NON_FIRST_FRAGMENTS_ALSO),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT),
                new NotifyPayload(0, Bytes.EMPTY, 40000, filled(3, 1)),
                DeletePayload.ikeSa(),
                DeletePayload.childSas(ProtocolId.ESP, List.of(filled(4, 1), filled(4, 2))),
                new VendorIdPayload(filled(16, 14)),
                new UnknownPayload(200, filled(6, 15)));
    }
}
