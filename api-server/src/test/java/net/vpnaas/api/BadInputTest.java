package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests of every kind get 400, 413, 415 or 422 as application/problem+json naming the
 * offending field, and leave every table exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends ApiTestBase {
    private static final String BIG = "x".repeat(70_000);

    TenantFixture tenant;
    Resources res;
    String foreignPeer;
    /** A gateway with an IPv6 address only, and a certificate peer: for the rules between a tunnel's gateway and peer. */
    String ipv6Gateway;
    String certificatePeer;

    /**
     * One bad request. Path placeholders {gw}, {peer}, {pol}, {tun}, {tenant}, {foreignPeer} become
     * ids of real resources. {@code field} is the field the problem must name (null: none required).
     */
    record Case(String name, String method, String path, Object body, int status, String field, String... headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void createFixtures() {
        tenant = newTenant("customer");
        res = createResources(tenant.admin());
        foreignPeer = created(newTenant("customer").admin().post("/v1/peers", peerBody("foreign")));
        ipv6Gateway = created(tenant.admin().post("/v1/gateways", with(gatewayBody("v6-only"), "publicAddresses", List.of("2001:db8::10"))));
        certificatePeer = created(tenant.admin().post("/v1/peers", with(peerBody("cert"), "auth", certificateAuth("branch.example.com"))));
    }

    static Map<String, Object> certificateAuth(String expectedIdentity) {
        return body("type", "certificate", "caBundlePem", TestCertificates.CA_PEM, "expectedIdentity", expectedIdentity);
    }

    static Map<String, Object> gw(Object... changes) {
        return with(gatewayBody("bad-gw"), changes);
    }

    static Map<String, Object> peer(Object... changes) {
        return with(peerBody("bad-peer"), changes);
    }

    static Map<String, Object> pol(Object... changes) {
        return with(policyBody("bad-pol"), changes);
    }

    static Map<String, Object> tun(Object... changes) {
        return with(tunnelBody("bad-tun", "{gw}", "{peer}", "{pol}"), changes);
    }

    static Map<String, Object> dpd(Object... pairs) {
        return with(body("intervalSeconds", 20, "timeoutSeconds", 60, "action", "restart"), pairs);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // gateways
                new Case("gateway address not an IP", "POST", "/v1/gateways", gw("publicAddresses", List.of("300.1.1.1")), 422, "publicAddresses[0]"),
                new Case("gateway address a host name", "POST", "/v1/gateways", gw("publicAddresses", List.of("gw.example.com")), 422, "publicAddresses[0]"),
                new Case("gateway without addresses", "POST", "/v1/gateways", gw("publicAddresses", List.of()), 422, "publicAddresses"),
                new Case("gateway duplicate address", "POST", "/v1/gateways", gw("publicAddresses", List.of("192.0.2.1", "192.0.2.1")), 422, "publicAddresses[1]"),
                new Case("name missing", "POST", "/v1/gateways", gw("name", null), 422, "name"),
                new Case("name with a slash", "POST", "/v1/gateways", gw("name", "a/b"), 422, "name"),
                new Case("label key upper case", "POST", "/v1/gateways", gw("labels", Map.of("Env", "x")), 422, "labels.Env"),
                new Case("name is a number", "POST", "/v1/gateways", gw("name", 42), 400, "name"),
                new Case("addresses not an array", "POST", "/v1/gateways", gw("publicAddresses", "192.0.2.1"), 400, "publicAddresses"),
                new Case("unknown field", "POST", "/v1/gateways", gw("colour", "blue"), 400, "colour"),
                new Case("malformed JSON", "POST", "/v1/gateways", "{\"name\": ", 400, "(body)"),
                new Case("JSON array instead of object", "POST", "/v1/gateways", "[]", 400, "(body)"),
                new Case("trailing garbage after JSON", "POST", "/v1/gateways", "{\"name\":\"a\",\"publicAddresses\":[\"192.0.2.1\"]} x", 400, "(body)"),
                new Case("duplicate JSON key", "POST", "/v1/gateways", "{\"name\":\"a\",\"name\":\"b\",\"publicAddresses\":[\"192.0.2.1\"]}", 400, null),
                new Case("empty body", "POST", "/v1/gateways", "", 400, "(body)"),
                // peers
                new Case("PSK of 15 bytes", "POST", "/v1/peers", peer("auth", body("type", "psk", "psk", "fifteen-bytes!!")), 422, "auth.psk"),
                new Case("peer without auth", "POST", "/v1/peers", peer("auth", null), 422, "auth"),
                new Case("unknown auth type", "POST", "/v1/peers", peer("auth", body("type", "token")), 400, "auth.type"),
                new Case("auth without type", "POST", "/v1/peers", peer("auth", body("psk", "sixteen-bytes-ok!")), 400, "auth.type"),
                new Case("peer address neither IP nor name", "POST", "/v1/peers", peer("address", "not a host!"), 422, "address"),
                new Case("peer address bad IPv4", "POST", "/v1/peers", peer("address", "10.0.0.256"), 422, "address"),
                new Case("IKE identity blank", "POST", "/v1/peers", peer("ikeIdentity", " "), 422, "ikeIdentity"),
                new Case("certificate without CA bundle", "POST", "/v1/peers", peer("auth", body("type", "certificate", "expectedIdentity", "CN=x")), 422, "auth.caBundlePem"),
                new Case("CA bundle not PEM", "POST", "/v1/peers", peer("auth", body("type", "certificate", "caBundlePem", "hello", "expectedIdentity", "CN=x")), 422, "auth.caBundlePem"),
                new Case("PSK auth with a certificate field", "POST", "/v1/peers", peer("auth", body("type", "psk", "caBundlePem", "x")), 400, "auth.caBundlePem"),
                // crypto policies
                new Case("unknown key exchange", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha384-curve9999")), 422, "ikeProposals[0]"),
                new Case("unsupported integrity sha1", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes128-sha1-modp2048")), 422, "ikeProposals[0]"),
                new Case("unknown second proposal", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes256gcm16", "3des-md5")), 422, "espProposals[1]"),
                new Case("AEAD with integrity", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-sha256-prfsha256-x25519")), 422, "ikeProposals[0]"),
                new Case("CBC without integrity", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes256")), 422, "espProposals[0]"),
                new Case("IKE without key exchange", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256-sha256")), 422, "ikeProposals[0]"),
                new Case("ESP with a PRF", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes256gcm16-prfsha256")), 422, "espProposals[0]"),
                new Case("no IKE proposals", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of()), 422, "ikeProposals"),
                new Case("IKE lifetime too short", "POST", "/v1/crypto-policies", pol("ikeLifetimeSeconds", 100), 422, "ikeLifetimeSeconds"),
                new Case("child lifetime too long", "POST", "/v1/crypto-policies", pol("childLifetimeSeconds", 100_000), 422, "childLifetimeSeconds"),
                new Case("rekey margin above lifetime", "POST", "/v1/crypto-policies", pol("childLifetimeSeconds", 600, "rekeyMarginSeconds", 700, "rekeyFuzzPercent", 0), 422, "rekeyMarginSeconds"),
                new Case("rekey margin plus fuzz above lifetime", "POST", "/v1/crypto-policies", pol("childLifetimeSeconds", 600, "rekeyMarginSeconds", 400, "rekeyFuzzPercent", 100), 422, "rekeyMarginSeconds"),
                new Case("child rekey time at the lifetime", "POST", "/v1/crypto-policies", pol("childLifetimeSeconds", 600, "childRekeySeconds", 600), 422, "childRekeySeconds"),
                new Case("IKE rekey time too short", "PATCH", "/v1/crypto-policies/{pol}", body("ikeRekeySeconds", 59), 422, "ikeRekeySeconds", "Content-Type", "application/merge-patch+json"),
                new Case("IKE fragment size too small", "POST", "/v1/crypto-policies", pol("ikeFragmentSize", 500), 422, "ikeFragmentSize"),
                new Case("NAT keepalive interval negative", "POST", "/v1/crypto-policies", pol("natKeepaliveSeconds", -1), 422, "natKeepaliveSeconds"),
                new Case("unknown IKE transport", "POST", "/v1/crypto-policies", pol("transport", "quic"), 422, "transport"),
                new Case("TCP port 0", "POST", "/v1/crypto-policies", pol("tcpPort", 0), 422, "tcpPort"),
                new Case("TCP port beyond 16 bits", "POST", "/v1/crypto-policies", pol("tcpPort", 65_536), 422, "tcpPort"),
                new Case("retransmit tries zero", "PATCH", "/v1/crypto-policies/{pol}", body("retransmit", body("tries", 0)), 422, "retransmit.tries", "Content-Type", "application/merge-patch+json"),
                new Case("DPD timeout not above interval", "POST", "/v1/crypto-policies", pol("dpd", dpd("timeoutSeconds", 20)), 422, "dpd.timeoutSeconds"),
                new Case("DPD action unknown", "POST", "/v1/crypto-policies", pol("dpd", dpd("action", "explode")), 422, "dpd.action"),
                new Case("DPD unknown field", "POST", "/v1/crypto-policies", pol("dpd", dpd("retries", 3)), 400, "dpd.retries"),
                new Case("start action unknown", "POST", "/v1/crypto-policies", pol("startAction", "start"), 422, "startAction"),
                new Case("encapsulation unknown", "POST", "/v1/crypto-policies", pol("encapsulation", "udp"), 422, "encapsulation"),
                new Case("PFS group unsupported", "POST", "/v1/crypto-policies", pol("pfsGroup", "modp1024"), 422, "pfsGroup"),
                new Case("replay window negative", "POST", "/v1/crypto-policies", pol("replayWindow", -1), 422, "replayWindow"),
                new Case("ESN as a string", "POST", "/v1/crypto-policies", pol("esn", "yes"), 400, "esn"),
                new Case("lifetime as a string", "POST", "/v1/crypto-policies", pol("ikeLifetimeSeconds", "3600"), 400, "ikeLifetimeSeconds"),
                new Case("lifetime as a fraction", "POST", "/v1/crypto-policies", pol("ikeLifetimeSeconds", 3600.5), 400, "ikeLifetimeSeconds"),
                // tunnels
                new Case("prefix length 33", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("10.0.0.0/33")), 422, "localTrafficSelectors[0]"),
                new Case("IPv6 prefix length 129", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("2001:db8::/129")), 422, "localTrafficSelectors[0]"),
                new Case("host bits set", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("10.0.0.1/24")), 422, "localTrafficSelectors[0]"),
                new Case("not a CIDR", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of("branch-lan")), 422, "remoteTrafficSelectors[0]"),
                new Case("overlapping local selectors", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("10.0.0.0/16", "10.0.5.0/24")), 422, "localTrafficSelectors[1]"),
                new Case("remote overlaps local", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of("10.1.2.0/24")), 422, "remoteTrafficSelectors[0]"),
                new Case("inverted range", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of("10.9.0.20-10.9.0.10")), 422, "remoteTrafficSelectors[0]"),
                new Case("range mixing families", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of("10.9.0.1-2001:db8::1")), 422, "remoteTrafficSelectors[0]"),
                new Case("no remote selectors", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of()), 422, "remoteTrafficSelectors"),
                new Case("inside CIDR (route-based tunnels are not offered)", "POST", "/v1/tunnels", tun("insideCidr", "169.254.10.0/30"), 400, "insideCidr"),
                new Case("unknown gateway", "POST", "/v1/tunnels", tun("gatewayId", UUID.randomUUID().toString()), 422, "gatewayId"),
                new Case("another tenant's peer", "POST", "/v1/tunnels", tun("peerId", "{foreignPeer}"), 422, "peerId"),
                new Case("policy id not a UUID", "POST", "/v1/tunnels", tun("policyId", "pol-1"), 400, "policyId"),
                new Case("PATCH breaks a selector", "PATCH", "/v1/tunnels/{tun}", body("localTrafficSelectors", List.of("10.0.0.0/8", "10.0.0.0/8")), 422, "localTrafficSelectors[1]", "Content-Type", "application/merge-patch+json"),
                new Case("PATCH body not an object", "PATCH", "/v1/tunnels/{tun}", "[1]", 400, "(body)", "Content-Type", "application/merge-patch+json"),
                new Case("PATCH unknown field", "PATCH", "/v1/peers/{peer}", body("password", "x"), 400, "password", "Content-Type", "application/merge-patch+json"),
                new Case("PUT with PSK too short", "PUT", "/v1/peers/{peer}", peer("auth", body("type", "psk", "psk", "short")), 422, "auth.psk"),
                new Case("PUT without name", "PUT", "/v1/gateways/{gw}", gw("name", null), 422, "name"),
                // tenants and keys
                new Case("tenant kind unknown", "POST", "/v1/tenants", body("name", "t", "kind", "reseller"), 422, "kind"),
                new Case("API key role unknown", "POST", "/v1/api-keys", body("name", "k", "role", "root"), 422, "role"),
                new Case("API key with a secret", "POST", "/v1/api-keys", body("name", "k", "role", "viewer", "secret", "mine"), 400, "secret"),
                // ids, parameters, headers, sizes, media types
                new Case("id not a UUID", "GET", "/v1/gateways/not-a-uuid", null, 400, "id"),
                new Case("id not a UUID on delete", "DELETE", "/v1/tunnels/123", null, 400, "id"),
                new Case("cursor garbage", "GET", "/v1/gateways?cursor=garbage!", null, 400, "cursor"),
                new Case("cursor of another listing", "GET", "/v1/peers?cursor=Z2F0ZXdheTowMWEyMDg4NC1kY2QzLTc4OWMtOWEzOC1iMjcxN2FlZDUxOGU", null, 400, "cursor"),
                new Case("cursor with a bad id", "GET", "/v1/gateways?cursor=Z2F0ZXdheTpub3QtYS11dWlk", null, 400, "cursor"),
                new Case("limit zero", "GET", "/v1/gateways?limit=0", null, 400, "limit"),
                new Case("limit above 200", "GET", "/v1/tunnels?limit=1000", null, 400, "limit"),
                new Case("limit not a number", "GET", "/v1/peers?limit=ten", null, 400, "limit"),
                new Case("label filter without value", "GET", "/v1/gateways?label=env", null, 400, "label"),
                new Case("audit resource id not a UUID", "GET", "/v1/audit-events?resourceId=42", null, 400, "resourceId"),
                new Case("tenant header not a UUID", "GET", "/v1/gateways", null, 400, "Vpnaas-Tenant-Id", "Vpnaas-Tenant-Id", "acme"),
                new Case("idempotency key too long", "POST", "/v1/gateways", gw(), 400, "Idempotency-Key", "Idempotency-Key", "k".repeat(300)),
                new Case("body above 64 KiB", "POST", "/v1/gateways", gw("labels", Map.of("big", BIG)), 413, null),
                new Case("chunked body above 64 KiB", "POST", "/v1/peers",
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                ("{\"name\":\"" + BIG + "\"}").getBytes(StandardCharsets.UTF_8))), 413, null),
                new Case("text/plain body", "POST", "/v1/gateways", "name=x", 415, null, "Content-Type", "text/plain"),
                new Case("PATCH as text/plain", "PATCH", "/v1/peers/{peer}", "name=x", 415, "Content-Type", "Content-Type", "text/plain"),
                new Case("PATCH of an unknown id as application/json", "PATCH", "/v1/gateways/" + UUID.randomUUID(), body("name", "x"), 415, "Content-Type", "Content-Type", "application/json"));
    }

    /** A bad request whose problem must also say why: {@code detail} is part of the named field's detail. */
    record Reason(Case request, String detail) {
        @Override
        public String toString() {
            return request.name();
        }
    }

    static Stream<Reason> reasons() {
        return Stream.of(
                new Reason(new Case("weak IKE integrity sha1", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha384-x25519", "aes128-sha1-modp2048")), 422, "ikeProposals[1]"),
                        "'sha1' is refused as weak"),
                new Reason(new Case("weak PRF prfsha1", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha1-x25519")), 422, "ikeProposals[0]"),
                        "'prfsha1' is refused as weak"),
                new Reason(new Case("weak IKE group modp1024", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256-sha256-modp1024")), 422, "ikeProposals[0]"),
                        "'modp1024' is refused as weak"),
                new Reason(new Case("weak additional key exchange", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha384-x25519-ke1_modp1024")), 422, "ikeProposals[0]"),
                        "'ke1_modp1024' is refused as weak"),
                new Reason(new Case("additional key exchange twice", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem768")), 422, "ikeProposals[0]"),
                        "'ke1_mlkem768' appears twice"),
                new Reason(new Case("ke1_none alone", "POST", "/v1/crypto-policies", pol("ikeProposals", List.of("aes256gcm16-prfsha384-x25519-ke1_none")), 422, "ikeProposals[0]"),
                        "ke1 needs a key exchange method"),
                new Reason(new Case("additional key exchange in ESP", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes256gcm16-ke2_mlkem768")), 422, "espProposals[0]"),
                        "of Child SAs go in pfsGroup"),
                new Reason(new Case("weak ESP cipher 3des", "POST", "/v1/crypto-policies", pol("espProposals", List.of("3des-sha256")), 422, "espProposals[0]"),
                        "'3des' is refused as weak"),
                new Reason(new Case("weak ESP integrity md5", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes128-md5")), 422, "espProposals[0]"),
                        "'md5' is refused as weak"),
                new Reason(new Case("AES-GCM with a 96-bit ICV", "POST", "/v1/crypto-policies", pol("espProposals", List.of("aes256gcm12")), 422, "espProposals[0]"),
                        "'aes256gcm12' is refused as weak"),
                new Reason(new Case("PFS ke1_none alone", "POST", "/v1/crypto-policies", pol("pfsGroup", "x25519-ke1_none"), 422, "pfsGroup"),
                        "ke1 needs a key exchange method"),
                new Reason(new Case("PFS with a weak additional key exchange", "POST", "/v1/crypto-policies",
                        pol("pfsGroup", "x25519-ke1_modp1024"), 422, "pfsGroup"), "'ke1_modp1024' is refused as weak"),
                new Reason(new Case("weak PFS group modp1536", "POST", "/v1/crypto-policies", pol("pfsGroup", "modp1536"), 422, "pfsGroup"),
                        "'modp1536' is refused as weak"),
                new Reason(new Case("PATCH to a weak PFS group", "PATCH", "/v1/crypto-policies/{pol}", body("pfsGroup", "modp1024"), 422, "pfsGroup", "Content-Type", "application/merge-patch+json"),
                        "'modp1024' is refused as weak"),
                new Reason(new Case("gateway address loopback", "POST", "/v1/gateways", gw("publicAddresses", List.of("127.0.0.1")), 422, "publicAddresses[0]"),
                        "'127.0.0.1' is a loopback address (127.0.0.0/8), never a VPN endpoint"),
                new Reason(new Case("gateway address unspecified", "POST", "/v1/gateways", gw("publicAddresses", List.of("192.0.2.1", "::")), 422, "publicAddresses[1]"),
                        "'::' is unspecified (::/128), never a VPN endpoint"),
                new Reason(new Case("gateway address 0.0.0.0", "POST", "/v1/gateways", gw("publicAddresses", List.of("0.0.0.0")), 422, "publicAddresses[0]"),
                        "is unspecified"),
                new Reason(new Case("gateway address multicast", "POST", "/v1/gateways", gw("publicAddresses", List.of("224.0.0.251")), 422, "publicAddresses[0]"),
                        "is multicast (224.0.0.0/4)"),
                new Reason(new Case("gateway address broadcast", "POST", "/v1/gateways", gw("publicAddresses", List.of("255.255.255.255")), 422, "publicAddresses[0]"),
                        "is the limited broadcast address"),
                new Reason(new Case("gateway address link-local", "POST", "/v1/gateways", gw("publicAddresses", List.of("169.254.169.254")), 422, "publicAddresses[0]"),
                        "is link-local (169.254.0.0/16), refused as a VPN endpoint unless link-local endpoints are allowed"),
                new Reason(new Case("PATCH gateway to loopback", "PATCH", "/v1/gateways/{gw}", body("publicAddresses", List.of("192.0.2.10", "127.0.0.1")), 422, "publicAddresses[1]", "Content-Type", "application/merge-patch+json"),
                        "loopback"),
                new Reason(new Case("peer address IPv6 loopback", "POST", "/v1/peers", peer("address", "::1"), 422, "address"),
                        "'::1' is the loopback address (::1/128), never a VPN endpoint"),
                new Reason(new Case("peer address IPv6 link-local", "POST", "/v1/peers", peer("address", "fe80::1"), 422, "address"),
                        "is link-local (fe80::/10)"),
                new Reason(new Case("peer address IPv6 multicast", "POST", "/v1/peers", peer("address", "ff02::1"), 422, "address"),
                        "is multicast (ff00::/8)"),
                new Reason(new Case("PUT peer with address 0.0.0.0", "PUT", "/v1/peers/{peer}", peer("address", "0.0.0.0"), 422, "address"),
                        "is unspecified"),
                new Reason(new Case("PATCH as application/json", "PATCH", "/v1/tunnels/{tun}", body("name", "renamed"), 415, "Content-Type", "Content-Type", "application/json"),
                        "must be application/merge-patch+json"),
                new Reason(new Case("PATCH as application/json; charset", "PATCH", "/v1/gateways/{gw}", body("name", "renamed"), 415, "Content-Type", "Content-Type", "application/json; charset=utf-8"),
                        "must be application/merge-patch+json"),
                new Reason(new Case("PATCH without Content-Type", "PATCH", "/v1/crypto-policies/{pol}", body("name", "renamed"), 415, "Content-Type", "Content-Type", ""),
                        "must be application/merge-patch+json"),
                new Reason(new Case("IPv4 local, IPv6 remote selectors", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("10.1.0.0/16"), "remoteTrafficSelectors", List.of("2001:db8:2::/48")), 422, "remoteTrafficSelectors[0]"),
                        "is IPv6 but localTrafficSelectors holds no IPv6 selector"),
                new Reason(new Case("IPv6 remote selectors without a local one", "POST", "/v1/tunnels", tun("localTrafficSelectors", List.of("10.1.0.0/16"), "remoteTrafficSelectors", List.of("10.2.0.0/16", "2001:db8:2::/48", "2001:db8:3::/48")), 422, "remoteTrafficSelectors[2]"),
                        "is IPv6 but localTrafficSelectors holds no IPv6 selector"),
                new Reason(new Case("an address range overlapping a prefix", "POST", "/v1/tunnels", tun("remoteTrafficSelectors", List.of("10.2.0.0/16", "10.2.255.10-10.3.0.20", "2001:db8:2::/48")), 422, "remoteTrafficSelectors[1]"),
                        "overlaps remoteTrafficSelectors[0]"),
                // what gateways cannot run (yet): refused by the API, so no agent has to NACK it
                new Reason(new Case("tunnel to a certificate peer", "POST", "/v1/tunnels", tun("peerId", "{certPeer}"), 422, "peerId"),
                        "authenticates with a certificate, but gateway 'gw-"),
                new Reason(new Case("tunnel to an IPv4 peer from an IPv6-only gateway", "POST", "/v1/tunnels", tun("gatewayId", "{gw6}"), 422, "peerId"),
                        "is at IPv4 address 198.51.100.20, and gateway 'v6-only' has no IPv4 public address to reach it from"),
                new Reason(new Case("PATCH a tunnel's peer to a certificate", "PATCH", "/v1/peers/{peer}", body("auth", certificateAuth("branch.example.com")), 422, "auth.type", "Content-Type", "application/merge-patch+json"),
                        "tunnel 'tun-"),
                new Reason(new Case("PATCH a tunnel's gateway to IPv6 only", "PATCH", "/v1/gateways/{gw}", body("publicAddresses", List.of("2001:db8::10")), 422, "publicAddresses", "Content-Type", "application/merge-patch+json"),
                        "has no IPv4 public address to reach it from"),
                new Reason(new Case("PATCH leaves a local IPv6 selector alone", "PATCH", "/v1/tunnels/{tun}", body("remoteTrafficSelectors", List.of("10.2.0.0/16")), 422, "localTrafficSelectors[1]", "Content-Type", "application/merge-patch+json"),
                        "is IPv6 but remoteTrafficSelectors holds no IPv6 selector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAProblemNamingTheFieldAndNothingChanges(Case c) {
        refusedAndNothingChanged(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void refusedWithAProblemSayingWhy(Reason r) {
        HttpResult result = refusedAndNothingChanged(r.request());
        var details = new java.util.ArrayList<String>();
        result.json().path("errors").forEach(e -> {
            if (e.get("field").asText().equals(r.request().field())) {
                details.add(e.get("detail").asText());
            }
        });
        assertThat(details).as(result.body()).anySatisfy(d -> assertThat(d).contains(r.detail()));
    }

    private HttpResult refusedAndNothingChanged(Case c) {
        Map<String, Long> before = rowCounts();
        Object body = c.body() instanceof Map<?, ?> m ? substitute(m) : c.body();
        HttpResult result = tenant.admin().send(c.method(), substitute(c.path()), body, c.headers());

        assertThat(result.status()).as(result.body()).isEqualTo(c.status());
        assertThat(result.header("Content-Type")).startsWith("application/problem+json");
        assertThat(result.json().get("status").asInt()).isEqualTo(c.status());
        assertThat(result.problemType()).startsWith("https://vpnaas.net/problems/");
        if (c.field() != null) {
            assertThat(result.errorFields()).as(result.body()).contains(c.field());
        }
        assertThat(rowCounts()).isEqualTo(before);
        return result;
    }

    @org.junit.jupiter.api.Test
    void tableIsLargeEnough() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    private Object substitute(Map<?, ?> map) {
        var out = new java.util.LinkedHashMap<String, Object>();
        map.forEach((k, v) -> out.put((String) k, v instanceof String s ? substitute(s) : v));
        return out;
    }

    private String substitute(String s) {
        return s.replace("{gw}", res.gatewayId()).replace("{peer}", res.peerId()).replace("{pol}", res.policyId())
                .replace("{tun}", res.tunnelId()).replace("{tenant}", tenant.id()).replace("{foreignPeer}", foreignPeer)
                .replace("{gw6}", ipv6Gateway).replace("{certPeer}", certificatePeer);
    }
}
