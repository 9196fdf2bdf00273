package net.vpnaas.api.db;

import org.hibernate.cfg.MappingSettings;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Hands Hibernate a Jackson 3 mapper for jsonb columns (see {@link JacksonJsonFormatMapper}). */
@Configuration(proxyBeanMethods = false)
class JsonColumnsConfiguration {
    @Bean
    HibernatePropertiesCustomizer jsonFormatMapper() {
        // a plain mapper: column contents are ours, not client input, so no strictness settings needed
        JsonMapper mapper = JsonMapper.builder().build();
        return properties -> properties.put(MappingSettings.JSON_FORMAT_MAPPER, new JacksonJsonFormatMapper(mapper));
    }
}
