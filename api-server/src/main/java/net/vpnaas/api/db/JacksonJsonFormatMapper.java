package net.vpnaas.api.db;

import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes jsonb columns (labels, address lists, proposals) with Jackson 3. Hibernate 7.2
 * only discovers Jackson 2 on its own, and we run a single Jackson.
 */
final class JacksonJsonFormatMapper implements FormatMapper {
    private final JsonMapper mapper;

    JacksonJsonFormatMapper(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public <T> T fromString(CharSequence text, JavaType<T> javaType, WrapperOptions options) {
        if (javaType.getJavaType() == String.class || javaType.getJavaType() == Object.class) {
            @SuppressWarnings("unchecked")
            T asIs = (T) text.toString();
            return asIs;
        }
        return mapper.readValue(text.toString(), mapper.constructType(javaType.getJavaType()));
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions options) {
        if (javaType.getJavaType() == String.class) {
            return (String) value;
        }
        return mapper.writeValueAsString(value);
    }
}
