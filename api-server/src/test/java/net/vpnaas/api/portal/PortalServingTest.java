package net.vpnaas.api.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.RawHttp;
import org.junit.jupiter.api.Test;

/** How the API port serves the browser portal: its routes, its files, and the headers on them. */
class PortalServingTest extends ApiTestBase {

    private RawHttp.Response get(String target) {
        return RawHttp.send(port, "GET", target, null);
    }

    @Test
    void everyPortalRouteIsItsPageWithTheSecurityHeadersAndAPolicyForItsOwnFilesOnly() {
        for (String route : new String[] {"/", "/tunnels", "/tunnels/0190a3d2-0000-7000-8000-000000000001/edit", "/audit"}) {
            RawHttp.Response page = get(route);
            assertThat(page.status()).as(route).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
            assertThat(page.header("Content-Security-Policy")).isEqualTo(PortalFilter.PORTAL_CSP)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.body()).contains("<div id=\"root\"></div>").doesNotContain("<script>");
        }
    }

    @Test
    void theBuiltScriptIsServedAsJavaScriptAndKeptByBrowsersWhileAMissingAssetIs404() {
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(get("/").body());
        assertThat(script.find()).as("index.html names its script").isTrue();
        RawHttp.Response js = get(script.group(1));
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(js.body()).contains("/v1/sessions/current");

        RawHttp.Response missing = get("/assets/index-gone.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void thePortalsFilesAreGzippedForBrowsersButNeverTheApisJson() throws Exception {
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(get("/").body());
        assertThat(script.find()).isTrue();
        assertThat(gzipped(script.group(1), null)).isEqualTo("gzip");
        for (int i = 0; i < 20; i++) {
            createKey(root(), "viewer");
        }
        assertThat(root().get("/v1/api-keys?limit=200").body().length())
                .as("a body large enough to be compressed if JSON were").isGreaterThan(4096);
        assertThat(gzipped("/v1/api-keys?limit=200", BOOTSTRAP_KEY)).isNull();
    }

    /** The Content-Encoding of the answer to a browser's GET that accepts gzip. */
    private String gzipped(String target, String apiKey) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + target)).header("Accept-Encoding", "gzip");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<Void> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Content-Encoding").orElse(null);
    }

    @Test
    void theApiStaysTheApiInEverySpelling() {
        for (String path : new String[] {"/v1/gateways", "/V1/gateways", "/%761/gateways", "/v1", "/error"}) {
            RawHttp.Response response = get(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        }
    }
}
