package org.paydesk.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The files of the embedded server in a data folder: the cluster ({@code pgdata}), the
 * superuser's secret ({@code postgres.secret}, 0600), and the parts of the cluster's
 * configuration Paydesk owns: {@code pg_hba.conf} (password logins over localhost TCP only) and a
 * block at the end of {@code postgresql.conf} (durability, no Unix socket, logging).
 */
final class ServerFiles {

    static final String PGDATA = "pgdata";
    static final String SECRET = "postgres.secret";
    static final String BLOCK_BEGIN = "# ---- Paydesk: begin (this block is rewritten on every start) ----";
    static final String BLOCK_END = "# ---- Paydesk: end ----";

    /** No {@code local} line: the server has no Unix socket. Nothing is trusted. */
    static final String PG_HBA = """
            # Written by Paydesk: only password (SCRAM) logins over localhost TCP. Rewritten on every start.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    /**
     * Production settings; tests may override some for one run on the command line. Memory and WAL
     * are sized for a payday, which rewrites much of the database in a minute (src/docs/payday.md).
     */
    static final List<String> SETTINGS = List.of(
            "listen_addresses = 'localhost'",
            "unix_socket_directories = ''",
            "password_encryption = 'scram-sha-256'",
            "fsync = on",
            "synchronous_commit = on",
            "full_page_writes = on",
            "shared_buffers = '512MB'",
            "max_wal_size = '4GB'",
            "timezone = 'UTC'",
            "max_connections = 300",
            "logging_collector = on",
            "log_directory = 'log'",
            "log_filename = 'postgresql-%a.log'",
            "log_truncate_on_rotation = on",
            "log_rotation_age = '1d'",
            "log_rotation_size = 0",
            "log_file_mode = 0600");

    private final Path dataDir;

    ServerFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    Path pgdata() {
        return dataDir.resolve(PGDATA);
    }

    Path secretFile() {
        return dataDir.resolve(SECRET);
    }

    /** pg_ctl's own log (the first lines of each start); the running server logs into {@code pgdata/log}. */
    Path startLog() throws IOException {
        return OwnerOnly.file(OwnerOnly.folder(pgdata().resolve("log")).resolve("startup.log"));
    }

    boolean hasCluster() {
        return Files.isRegularFile(pgdata().resolve("PG_VERSION"));
    }

    /** Whether logins need the secret: the secret exists and pg_hba.conf is Paydesk's (no {@code trust}). */
    boolean passwordRequired() throws IOException {
        Path hba = pgdata().resolve("pg_hba.conf");
        return Files.isRegularFile(secretFile()) && Files.isRegularFile(hba)
                && Files.readString(hba, StandardCharsets.UTF_8).equals(PG_HBA);
    }

    String readSecret() throws IOException {
        if (!Files.isRegularFile(secretFile())) {
            throw new IOException("the server's secret " + secretFile() + " is missing");
        }
        OwnerOnly.restrict(secretFile(), OwnerOnly.FILE);
        String secret = Files.readString(secretFile(), StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw new IOException("the server's secret " + secretFile() + " is empty");
        }
        return secret;
    }

    /** The secret, made (32 random bytes) and written 0600 if there is none yet. */
    String secret() throws IOException {
        if (Files.isRegularFile(secretFile())) {
            return readSecret();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnly.writeAtomically(secretFile(), secret + "\n");
        return secret;
    }

    /** Writes Paydesk's pg_hba.conf and settings block; the data folders stay 0700. */
    void writeConfiguration() throws IOException {
        OwnerOnly.restrict(pgdata(), OwnerOnly.FOLDER);
        OwnerOnly.writeAtomically(pgdata().resolve("pg_hba.conf"), PG_HBA);
        Path conf = pgdata().resolve("postgresql.conf");
        String current = Files.readString(conf, StandardCharsets.UTF_8);
        String updated = withBlock(current);
        if (!updated.equals(current)) {
            OwnerOnly.writeAtomically(conf, updated);
        }
    }

    /** {@code conf} with any earlier Paydesk block replaced by the current one at the end (later lines win). */
    static String withBlock(String conf) {
        List<String> kept = new ArrayList<>();
        boolean inBlock = false;
        for (String line : conf.split("\n", -1)) {
            if (line.equals(BLOCK_BEGIN)) {
                inBlock = true;
            } else if (line.equals(BLOCK_END)) {
                inBlock = false;
            } else if (!inBlock) {
                kept.add(line);
            }
        }
        String before = String.join("\n", kept).stripTrailing();
        return before + "\n\n" + BLOCK_BEGIN + "\n" + String.join("\n", SETTINGS) + "\n" + BLOCK_END + "\n";
    }
}
