package net.vpnaas.api.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * The browser portal's built files (portal/ in the repository, built by api-server's Maven build into
 * {@code classpath:portal/}), read once into memory: a request can only ever get one of these files,
 * never a path the server looks up on disk. Empty when the build left the portal out.
 */
public final class PortalFiles {
    /** One file as the browser gets it. */
    public record PortalFile(byte[] content, String contentType) {}

    private final Map<String, PortalFile> byPath;

    private PortalFiles(Map<String, PortalFile> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    public static PortalFiles fromClasspath() {
        var resolver = new PathMatchingResourcePatternResolver(PortalFiles.class.getClassLoader());
        Map<String, PortalFile> files = new HashMap<>();
        try {
            Resource root = resolver.getResource("classpath:portal/");
            if (!root.exists()) {
                return new PortalFiles(files);
            }
            String base = root.getURL().toString();
            for (Resource resource : resolver.getResources("classpath:portal/**")) {
                String url = resource.getURL().toString();
                if (!resource.isReadable() || url.endsWith("/") || !url.startsWith(base)) {
                    continue;
                }
                String path = "/" + url.substring(base.length());
                files.put(path, new PortalFile(resource.getContentAsByteArray(), contentType(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the portal's files from the class path", e);
        }
        return new PortalFiles(files);
    }

    private static String contentType(String path) {
        MediaType type = MediaTypeFactory.getMediaType(path).orElse(MediaType.APPLICATION_OCTET_STREAM);
        boolean text = type.getType().equals("text") || type.getSubtype().equals("javascript") || type.getSubtype().endsWith("+xml");
        return text ? new MediaType(type, StandardCharsets.UTF_8).toString() : type.toString();
    }

    public Optional<PortalFile> file(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The single page every portal route is answered with; absent when the portal was not built. */
    public Optional<PortalFile> index() {
        return file("/index.html");
    }
}
