package net.vpnaas.agent.localctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Jazzer target over what the control socket does with the bytes of a connection: frame one line,
 * decode it. Any exception other than {@link CtlProtocolException} is a finding; so is a decoded
 * request that does not survive encode + decode unchanged, or an answer (to it or to its refusal)
 * that is not exactly one line the client can read back.
 */
public final class CtlRequestFuzzTarget {

    private CtlRequestFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        CtlResponse answer;
        try {
            byte[] line = CtlProtocol.readLine(new ByteArrayInputStream(data), CtlProtocol.MAX_REQUEST_BYTES);
            CtlRequest request = CtlProtocol.decodeRequest(line);
            CtlRequest again = CtlProtocol.decodeRequest(withoutNewline(CtlProtocol.encode(request)));
            if (!again.equals(request)) throw new IllegalStateException("re-encoding changed " + request + " into " + again);
            answer = new CtlResponse.Done(request.toString());
        } catch (CtlProtocolException refused) {
            answer = new CtlResponse.Failed("bad request: " + refused.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
        try {
            CtlResponse back = CtlProtocol.decodeResponse(withoutNewline(CtlProtocol.encode(answer)));
            if (!back.equals(answer)) throw new IllegalStateException("the answer changed on the wire: " + answer + " vs " + back);
        } catch (CtlProtocolException e) {
            throw new IllegalStateException("the client cannot read the answer " + answer, e);
        }
    }

    private static byte[] withoutNewline(byte[] line) {
        for (int i = 0; i < line.length - 1; i++) {
            if (line[i] == '\n') throw new IllegalStateException("a newline inside an encoded line");
        }
        if (line[line.length - 1] != '\n') throw new IllegalStateException("an encoded line without its newline");
        return Arrays.copyOf(line, line.length - 1);
    }
}
