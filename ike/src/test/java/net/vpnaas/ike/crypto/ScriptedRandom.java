package net.vpnaas.ike.crypto;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** Test randomness: hands out the given hex values in order, each to exactly one request of its size. */
final class ScriptedRandom implements RandomSource {
    private final Deque<byte[]> values = new ArrayDeque<>();

    ScriptedRandom(String... hex) {
        for (String h : hex) values.add(HexFormat.of().parseHex(h));
    }

    @Override
    public void nextBytes(byte[] out) {
        byte[] next = values.removeFirst();
        if (next.length != out.length) throw new AssertionError("scripted value of " + next.length + " bytes, asked " + out.length);
        System.arraycopy(next, 0, out, 0, out.length);
    }
}
