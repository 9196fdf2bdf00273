package net.vpnaas.ike.message;

/**
 * A value of an IANA IKEv2 registry. Every registry enum has an {@code UNKNOWN} constant (code -1)
 * for codes it does not name; the records that hold such a value keep the numeric code itself.
 */
public interface IanaCode {
    int code();
}
