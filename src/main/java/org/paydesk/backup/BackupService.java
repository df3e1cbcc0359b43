package org.paydesk.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs the database up over the wire, as the embedded binaries hold no pg_dump: every table of
 * the schema is copied out with COPY inside one repeatable-read snapshot, so the file is one
 * consistent moment, into a zip with a manifest (schema version, tables, row counts, sequences).
 * A restore puts every table back in one transaction: all or nothing.
 */
public final class BackupService {

    /** How many automatic backups (before each payday) are kept in the backup folder. */
    public static final int KEEP = 5;
    private static final String MANIFEST = "manifest.json";
    private static final String FORMAT = "paydesk-backup-1";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    /** One backup file and what it holds. */
    public record BackupInfo(Path file, long bytes, int tables, long rows, String schemaVersion) {
    }

    private final DataSource dataSource;
    private final String ownApplicationName;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param ownApplicationName the {@code application_name} of this process's connections, so a
     *                           restore can tell them from another process's
     */
    public BackupService(DataSource dataSource, String ownApplicationName) {
        this.dataSource = dataSource;
        this.ownApplicationName = ownApplicationName;
    }

    // ------------------------------------------------------------------ backup

    /** Writes a backup to {@code target} (through a temporary file beside it, so a failure leaves none). */
    public BackupInfo backup(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".backup", ".tmp");
            try {
                BackupInfo info;
                try (Connection c = dataSource.getConnection();
                     ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                    info = write(c, zip, target);
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                BackupInfo done = new BackupInfo(target, Files.size(target), info.tables(), info.rows(), info.schemaVersion());
                log.info("Backed up {} tables, {} rows, schema {} to {} ({} bytes)", done.tables(), done.rows(),
                        done.schemaVersion(), target, done.bytes());
                return done;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the backup " + target + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new org.paydesk.db.DataAccessException(e);
        }
    }

    /** A backup into {@code folder}, named by time and {@code why}; older ones beyond {@link #KEEP} are deleted. */
    public BackupInfo backupInto(Path folder, String why) {
        BackupInfo info = backup(folder.resolve("paydesk-" + STAMP.format(Instant.now()) + "-" + why + ".zip"));
        List<BackupInfo> all = list(folder);
        for (int i = KEEP; i < all.size(); i++) {
            try {
                Files.deleteIfExists(all.get(i).file());
                log.info("Deleted the old backup {}", all.get(i).file());
            } catch (IOException e) {
                log.warn("Cannot delete the old backup {}: {}", all.get(i).file(), e.getMessage());
            }
        }
        return info;
    }

    /** The backups in {@code folder}, newest first, with their sizes. */
    public static List<BackupInfo> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("paydesk-.*\\.zip"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed())
                    .map(f -> {
                        try {
                            return new BackupInfo(f, Files.size(f), 0, 0, null);
                        } catch (IOException e) {
                            return new BackupInfo(f, -1, 0, 0, null);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the backups in " + folder + ": " + e.getMessage(), e);
        }
    }

    private BackupInfo write(Connection c, ZipOutputStream zip, Path target) throws SQLException, IOException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("set transaction isolation level repeatable read, read only");
            List<String> tables = tables(c);
            ObjectNode manifest = json.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("created_at", Instant.now().toString());
            String schema = schemaVersion(c);
            manifest.put("schema_version", schema);
            ArrayNode listed = manifest.putArray("tables");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            for (String table : tables) {
                zip.putNextEntry(new ZipEntry("tables/" + table + ".copy"));
                long count = copy.copyOut("copy " + quote(table) + " to stdout", unclosable(zip));
                zip.closeEntry();
                listed.addObject().put("name", table).put("rows", count);
                rows += count;
            }
            ObjectNode sequences = manifest.putObject("sequences");
            try (ResultSet rs = s.executeQuery("select sequencename, last_value from pg_sequences"
                    + " where schemaname = 'public' and last_value is not null")) {
                while (rs.next()) {
                    sequences.put(rs.getString(1), rs.getLong(2));
                }
            }
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            c.commit();
            return new BackupInfo(target, 0, tables.size(), rows, schema);
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    // ----------------------------------------------------------------- restore

    /**
     * Replaces every table's contents with the backup's, in one transaction. Refused while another
     * process uses the database (a restore under a running GUI or payday would pull the data from
     * under it), and when the backup was made by another schema version.
     */
    public BackupInfo restore(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such backup file");
        }
        JsonNode manifest = readManifest(file);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                BackupInfo info = restore(c, file, manifest);
                c.commit();
                log.info("Restored {} tables, {} rows from {}", info.tables(), info.rows(), file);
                return info;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the backup " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new org.paydesk.db.DataAccessException(e);
        }
    }

    private BackupInfo restore(Connection c, Path file, JsonNode manifest) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            List<String> tables = tables(c);
            refuseOtherClients(c);
            s.execute("lock table " + String.join(", ", tables.stream().map(BackupService::quote).toList())
                    + " in access exclusive mode nowait");
            refuseOtherClients(c);
            String schema = schemaVersion(c);
            if (!schema.equals(manifest.path("schema_version").asText())) {
                throw new IllegalStateException("the backup " + file.getFileName() + " was made with schema version "
                        + manifest.path("schema_version").asText() + ", this database has " + schema
                        + "; restore it with the Paydesk version that made it");
            }
            Map<String, Long> expected = new LinkedHashMap<>();
            manifest.path("tables").forEach(t -> expected.put(t.path("name").asText(), t.path("rows").asLong()));
            if (!expected.keySet().equals(new java.util.HashSet<>(tables))) {
                throw new IllegalStateException("the backup " + file.getFileName() + " holds the tables "
                        + expected.keySet() + ", this database has " + tables);
            }
            // As pg_restore --disable-triggers: the backup's rows were checked when they were written,
            // and the append-only guards must let this one replacement through.
            s.execute("set local session_replication_role = replica");
            s.execute("truncate " + String.join(", ", tables.stream().map(BackupService::quote).toList()));
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (!name.startsWith("tables/")) {
                        continue;
                    }
                    String table = name.substring("tables/".length(), name.length() - ".copy".length());
                    if (!expected.containsKey(table)) {
                        throw new IllegalStateException("the backup holds an unknown table " + table);
                    }
                    long count = copy.copyIn("copy " + quote(table) + " from stdin", unclosable(zip));
                    if (count != expected.get(table)) {
                        throw new IllegalStateException("the backup's table " + table + " holds " + count
                                + " rows, its manifest says " + expected.get(table) + "; the file is damaged");
                    }
                    rows += count;
                }
            }
            s.execute("set local session_replication_role = origin");
            var sequences = manifest.path("sequences").fields();
            try (PreparedStatement setval = c.prepareStatement("select setval(?::regclass, ?)")) {
                while (sequences.hasNext()) {
                    var sequence = sequences.next();
                    setval.setString(1, quote(sequence.getKey()));
                    setval.setLong(2, sequence.getValue().asLong());
                    setval.execute();
                }
            }
            // TRUNCATE left every table's statistics empty: plans made before autovacuum came round
            // would take a table of millions for an empty one (V50's size estimate among them).
            s.execute("analyze");
            return new BackupInfo(file, Files.size(file), tables.size(), rows, schema);
        }
    }

    private void refuseOtherClients(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*), string_agg(distinct coalesce(nullif("
                + "application_name, ''), client_addr::text, 'a client'), ', ') from pg_stat_activity"
                + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"
                + " and application_name is distinct from ?")) {
            s.setString(1, ownApplicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException("another process is using this database (" + rs.getString(2)
                            + "): close the desktop client and stop other Paydesk commands on this data folder,"
                            + " then restore again; nothing was changed");
                }
            }
        }
    }

    private JsonNode readManifest(Path file) {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(MANIFEST)) {
                    JsonNode manifest = json.readTree(unclosable(zip));
                    if (!FORMAT.equals(manifest.path("format").asText())) {
                        break;
                    }
                    return manifest;
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a Paydesk backup: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " is not a Paydesk backup (it has no Paydesk manifest)");
    }

    // ----------------------------------------------------------------- helpers

    /** Every table of the schema, including Flyway's history (so a backup records its schema). */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select tablename from pg_tables where schemaname = 'public' order by tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select coalesce(max(version::int)::text, 'none') from flyway_schema_history where success")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
