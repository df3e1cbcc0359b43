package org.paydesk.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is: an external server by JDBC URL, or the embedded PostgreSQL kept in
 * {@code dataDir}. The data folder is used in both cases for logs.
 */
public record DatabaseConfig(Path dataDir, String jdbcUrl, String user, String password) {

    public DatabaseConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null;
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database URL must start with jdbc:postgresql:, got '" + jdbcUrl + "'");
        }
    }

    public static DatabaseConfig embedded(Path dataDir) {
        return new DatabaseConfig(dataDir, null, null, null);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    public String describe() {
        return isEmbedded() ? "embedded PostgreSQL in " + dataDir.resolve(EmbeddedServer.PGDATA) : jdbcUrl;
    }
}
