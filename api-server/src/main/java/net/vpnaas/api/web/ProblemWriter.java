package net.vpnaas.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.vpnaas.model.validation.Violation;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem+json from servlet filters, which run before Spring MVC's exception handling. */
public final class ProblemWriter {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemWriter() {}

    public static void write(HttpServletResponse response, ProblemType type, String detail, List<Violation> errors)
            throws IOException {
        response.setStatus(type.status().value());
        response.setContentType(Problems.PROBLEM_JSON.toString());
        response.getOutputStream().write(json(type, detail, errors).getBytes(StandardCharsets.UTF_8));
    }

    public static String json(ProblemType type, String detail, List<Violation> errors) {
        var p = Problems.detail(type, detail, errors);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", p.getType().toString());
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (p.getProperties() != null) {
            body.putAll(p.getProperties());
        }
        return MAPPER.writeValueAsString(body);
    }
}
