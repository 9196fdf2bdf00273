package net.vpnaas.ike.eap;

import java.util.HexFormat;

/** What an EAP conversation does next; each step carries the EAP packet for the peer. */
public sealed interface EapStep {

    byte[] eap();

    /** Another EAP-Request for the peer. */
    record Request(byte[] eap) implements EapStep {
        public Request {
            EapPacket.requireCode(eap, EapPacket.REQUEST);
            eap = eap.clone();
        }

        @Override
        public byte[] eap() {
            return eap.clone();
        }

        /** The method this request runs (its Type, RFC 3748 5). */
        public int method() {
            return EapPacket.type(eap);
        }

        @Override
        public String toString() {
            return "Request[type " + method() + ", " + eap.length + " octets]";
        }
    }

    /**
     * The peer authenticated as {@code identity}; {@code eap} is the EAP-Success to send, and {@code msk}
     * the method's Master Session Key (RFC 5247), empty when the method generates none.
     */
    record Success(byte[] eap, byte[] msk, String identity) implements EapStep {
        public Success {
            EapPacket.requireCode(eap, EapPacket.SUCCESS);
            eap = eap.clone();
            msk = msk.clone();
        }

        @Override
        public byte[] eap() {
            return eap.clone();
        }

        @Override
        public byte[] msk() {
            return msk.clone();
        }

        @Override
        public String toString() {
            return "Success[" + identity + ", MSK of " + msk.length + " octets]";
        }
    }

    /** The peer is refused, for {@code reason} (e.g. the RADIUS server's Reply-Message); {@code eap} is the EAP-Failure to send. */
    record Failure(byte[] eap, String reason) implements EapStep {
        public Failure {
            EapPacket.requireCode(eap, EapPacket.FAILURE);
            eap = eap.clone();
        }

        @Override
        public byte[] eap() {
            return eap.clone();
        }

        @Override
        public String toString() {
            return "Failure[" + reason + " " + HexFormat.of().formatHex(eap) + "]";
        }
    }
}
