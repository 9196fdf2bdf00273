package net.vpnaas.api.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL keeps its data. An empty data directory means a throwaway
 * database in a temporary directory (what the tests use); port 0 picks a free port.
 */
@ConfigurationProperties("vpnaas.embedded-postgres")
public record EmbeddedPostgresProperties(String dataDir, int port) {}
