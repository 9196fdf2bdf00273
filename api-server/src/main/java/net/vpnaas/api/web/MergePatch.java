package net.vpnaas.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7396): PATCH bodies are applied to the resource's current specification
 * and the result is bound and validated exactly like a PUT body, so unknown fields and wrong types
 * are refused the same way.
 */
@Component
public class MergePatch {
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private final JsonMapper strict;
    private final JsonMapper withoutNulls;

    MergePatch(JsonMapper mapper) {
        this.strict = mapper;
        this.withoutNulls = mapper.rebuild()
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    public <T> T apply(T current, JsonNode patch, Class<T> type) {
        if (patch == null || !patch.isObject()) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "a merge patch must be a JSON object",
                    List.of(new net.vpnaas.model.validation.Violation("(body)", "must be a JSON object")));
        }
        JsonNode merged = merge(withoutNulls.valueToTree(current), patch);
        return strict.treeToValue(merged, type);
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : ((ObjectNode) patch).objectNode();
        for (var entry : patch.properties()) {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue()));
            }
        }
        return result;
    }
}
