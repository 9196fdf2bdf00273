package net.vpnaas.agent.localctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CtlProtocolTest {

    private static CtlRequest decode(String json) throws CtlProtocolException {
        return CtlProtocol.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withoutNewline(byte[] line) {
        assertThat(line[line.length - 1]).as("ends with its newline").isEqualTo((byte) '\n');
        return Arrays.copyOf(line, line.length - 1);
    }

    @Test
    void everyRequestSurvivesEncodeAndDecode() throws Exception {
        for (CtlRequest r : List.of(new CtlRequest.ListSas(), new CtlRequest.Initiate("berlin-lan"),
                new CtlRequest.Terminate("a b.c_d"), new CtlRequest.Rekey("t", CtlRequest.Rekey.Scope.IKE),
                new CtlRequest.Rekey("t", CtlRequest.Rekey.Scope.CHILD), new CtlRequest.Reload(),
                new CtlRequest.ShowLogLevel(), new CtlRequest.SetLogLevel("DEBUG"))) {
            byte[] line = CtlProtocol.encode(r);
            assertThat(new String(line, StandardCharsets.UTF_8)).as("one line").containsOnlyOnce("\n");
            assertThat(CtlProtocol.decodeRequest(withoutNewline(line))).isEqualTo(r);
        }
    }

    @Test
    void theDocumentedFormsDecode() throws Exception {
        assertThat(decode("{\"command\":\"list-sas\"}")).isEqualTo(new CtlRequest.ListSas());
        assertThat(decode("{\"command\":\"rekey\",\"tunnel\":\"x\"}")).isEqualTo(new CtlRequest.Rekey("x", CtlRequest.Rekey.Scope.CHILD));
        assertThat(decode("{\"tunnel\":\"x\",\"sa\":\"ike\",\"command\":\"rekey\"}"))
                .isEqualTo(new CtlRequest.Rekey("x", CtlRequest.Rekey.Scope.IKE));
        assertThat(decode("{\"command\":\"log-level\",\"level\":\"debug\"}")).isEqualTo(new CtlRequest.SetLogLevel("DEBUG"));
        assertThat(decode(" {\"command\":\"log-level\",\"level\":null} ")).isEqualTo(new CtlRequest.ShowLogLevel());
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                arguments("", "a request is one JSON object"),
                arguments("garbage", "not a JSON request"),
                arguments("[\"list-sas\"]", "a request is one JSON object"),
                arguments("\"list-sas\"", "a request is one JSON object"),
                arguments("{}", "command: required"),
                arguments("{\"command\":7}", "command: must be a non-empty string"),
                arguments("{\"command\":\"\"}", "command: must be a non-empty string"),
                arguments("{\"command\":\"shutdown\"}", "command: unknown command 'shutdown'; one of [list-sas"),
                arguments("{\"command\":\"list-sas\",\"tunnel\":\"x\"}", "'tunnel': not a field of list-sas, which takes none"),
                arguments("{\"command\":\"initiate\"}", "tunnel: required"),
                arguments("{\"command\":\"initiate\",\"tunnel\":[\"x\"]}", "tunnel: must be a non-empty string"),
                arguments("{\"command\":\"terminate\",\"tunnel\":\"x\",\"sa\":\"ike\"}", "'sa': not a field of terminate, which takes [tunnel]"),
                arguments("{\"command\":\"terminate\",\"tunnel\":\"a\\nb\"}", "tunnel: contains control characters"),
                arguments("{\"command\":\"rekey\",\"tunnel\":\"x\",\"sa\":\"both\"}", "sa: must be \"ike\" or \"child\", not 'both'"),
                arguments("{\"command\":\"log-level\",\"level\":\"loud\"}",
                        "level: must be one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF], not 'loud'"),
                arguments("{\"command\":\"list-sas\",\"command\":\"reload\"}", "Duplicate Object property"),
                arguments("{\"command\":\"list-sas\"} {\"command\":\"reload\"}", "not a JSON request"),
                arguments("{\"command\":\"list-sas\"", "not a JSON request"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedRequests")
    void malformedRequestsAreRefusedNamingTheField(String json, String message) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(CtlProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void tooLongTunnelNamesAndDeepNestingAreRefused() {
        assertThatThrownBy(() -> decode("{\"command\":\"initiate\",\"tunnel\":\"" + "t".repeat(129) + "\"}"))
                .hasMessage("tunnel: longer than 128 characters");
        assertThatThrownBy(() -> decode("{\"command\":\"list-sas\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}"))
                .isInstanceOf(CtlProtocolException.class).hasMessageContaining("not a JSON request");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'{', '"', 'c', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
        assertThatThrownBy(() -> CtlProtocol.decodeRequest(bad)).isInstanceOf(CtlProtocolException.class)
                .hasMessageContaining("not a JSON request");
    }

    @Test
    void aQuotedStringFromTheClientIsShortenedAndEscaped() {
        assertThat(CtlProtocol.quote("a\u001b[31mb")).isEqualTo("'a\\u001b[31mb'");
        assertThat(CtlProtocol.quote("x".repeat(100))).hasSize(64 + 3 + 2);
    }

    @Test
    void aLineIsReadUpToItsNewlineWithinTheLimit() throws Exception {
        assertThat(CtlProtocol.readLine(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), 3)).containsExactly('{', '}');
        assertThatThrownBy(() -> CtlProtocol.readLine(new ByteArrayInputStream("{} \n".getBytes(StandardCharsets.UTF_8)), 3))
                .hasMessage("the line is longer than 3 bytes");
        assertThatThrownBy(() -> CtlProtocol.readLine(new ByteArrayInputStream(new byte[0]), 10))
                .hasMessage("the connection ended before a line came");
        assertThatThrownBy(() -> CtlProtocol.readLine(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), 10))
                .hasMessageContaining("the line did not end");
        assertThatThrownBy(() -> CtlProtocol.readLine(new ByteArrayInputStream("{}\n{}\n".getBytes(StandardCharsets.UTF_8)), 10))
                .hasMessageContaining("one line per connection");
    }

    @Test
    void responsesSurviveEncodeAndDecode() throws Exception {
        SaListing listing = SaListingTextTest.LISTING;
        for (CtlResponse r : List.of(new CtlResponse.Done("site: IKE SA ... deleted"), new CtlResponse.Failed("no\nsuch tunnel"),
                new CtlResponse.Sas(listing), new CtlResponse.Sas(new SaListing(List.of())))) {
            byte[] line = CtlProtocol.encode(r);
            assertThat(new String(line, StandardCharsets.UTF_8)).containsOnlyOnce("\n");
            assertThat(CtlProtocol.decodeResponse(withoutNewline(line))).isEqualTo(r);
        }
        String json = new String(CtlProtocol.encode(new CtlResponse.Sas(listing)), StandardCharsets.UTF_8);
        assertThat(json).as("times as ISO-8601, SPIs as hex")
                .contains("\"establishedAt\":\"" + Instant.parse("2026-05-04T10:00:00Z") + "\"")
                .contains("\"initiatorSpi\":\"1a2b3c4d5e6f7081\"").contains("\"inboundSpi\":\"c1b2bb5d\"");
    }

    @Test
    void aResponseThatDoesNotParseIsAnErrorNotACrash() {
        assertThatThrownBy(() -> CtlProtocol.decodeResponse("{\"ok\":\"yes\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("ok: must be true or false");
        assertThatThrownBy(() -> CtlProtocol.decodeResponse("{\"ok\":true,\"tunnels\":[{\"name\":1,\"ikeSas\":7}]}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(CtlProtocolException.class).hasMessageStartingWith("tunnels: ");
    }
}
