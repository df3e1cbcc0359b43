package org.paydesk.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is: an external server by JDBC URL, or the embedded PostgreSQL kept in
 * {@code dataDir}. The data folder is used in both cases for logs. A password, given apart or
 * inside the URL, never shows in {@link #describe()}, {@link #toString()} or a message.
 */
public record DatabaseConfig(Path dataDir, String jdbcUrl, String user, String password) {

    public DatabaseConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (jdbcUrl != null && jdbcUrl.isBlank()) {
            jdbcUrl = null;
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "database URL must start with jdbc:postgresql:, got '" + Secrets.redactUrl(jdbcUrl) + "'");
        }
    }

    public static DatabaseConfig embedded(Path dataDir) {
        return new DatabaseConfig(dataDir, null, null, null);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    public String describe() {
        return isEmbedded() ? "embedded PostgreSQL in " + dataDir.resolve(EmbeddedServer.PGDATA) : Secrets.redactUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[dataDir=" + dataDir + ", url=" + Secrets.redactUrl(jdbcUrl) + ", user=" + user
                + ", password=" + (password == null ? null : "***") + "]";
    }
}
