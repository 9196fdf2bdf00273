package net.vpnaas.ike.interop;

public enum IpFamily {
    V4, V6
}
