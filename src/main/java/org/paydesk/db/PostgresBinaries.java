package org.paydesk.db;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL programs (zonky's binaries archive on the class path), unpacked once into the
 * user's cache folder where only the user can write: {@code ~/.cache/paydesk/postgres/<digest>},
 * every folder 0700. A folder another user owns or may write to is refused, so nobody else can
 * swap the server program this user's next start runs.
 */
final class PostgresBinaries {

    /** Overrides the folder the binaries are unpacked in (each version in a sub-folder). */
    static final String FOLDER_PROPERTY = "paydesk.postgres.dir";
    private static final String COMPLETE_MARKER = ".complete";
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    private static Path unpacked;

    private PostgresBinaries() {
    }

    /** The folder holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}, unpacked if need be. */
    static synchronized Path folder() throws IOException {
        if (unpacked == null || !Files.isRegularFile(unpacked.resolve(COMPLETE_MARKER))) {
            unpacked = unpack(root());
        }
        return unpacked;
    }

    /** Where versions are unpacked: the property, else the platform's per-user cache folder. */
    static Path root() {
        String chosen = System.getProperty(FOLDER_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen).toAbsolutePath();
        }
        return userCacheDir(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"))
                .resolve("postgres");
    }

    static Path userCacheDir(Map<String, String> env, String osName, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null ? Path.of(local) : Path.of(home, "AppData", "Local")).resolve("Paydesk").resolve("cache");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Caches", "Paydesk");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache")).resolve("paydesk");
    }

    private static Path unpack(Path root) throws IOException {
        URL archiveUrl = archiveUrl();
        String identity = entryIdentity(archiveUrl);
        UserPrincipal me = currentUser();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            requireOwned(root, me);
        }
        OwnerOnly.folder(root);
        // Reading and hashing the archive costs a large share of a start: once unpacked, the jar entry's
        // size and checksum find the folder (the index lives in the owner-only root, like the binaries).
        Path index = identity == null ? null : root.resolve("archive-" + identity + ".digest");
        String digest = index == null ? null : knownDigest(index);
        byte[] archive = null;
        if (digest == null) {
            archive = readArchive(archiveUrl);
            digest = digest(archive);
        }
        Path target = root.resolve("postgresql-" + digest);
        try (FileChannel lockChannel = FileChannel.open(root.resolve("unpack.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            if (!Files.isRegularFile(target.resolve(COMPLETE_MARKER))) {
                if (archive == null) {
                    archive = readArchive(archiveUrl);
                    digest = digest(archive);
                    target = root.resolve("postgresql-" + digest);
                }
                long started = System.nanoTime();
                Path staging = root.resolve(target.getFileName() + ".unpacking");
                FileTrees.delete(staging);
                OwnerOnly.folder(staging);
                extract(archive, staging);
                Files.createFile(staging.resolve(COMPLETE_MARKER));
                FileTrees.delete(target);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                log.info("Unpacked the PostgreSQL binaries into {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
            }
            if (index != null && !Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(index, digest);
            }
        }
        requireOwned(target, me);
        if (OwnerOnly.writableByOthers(target)) {
            throw new IOException("the PostgreSQL binaries folder " + target + " can be written by other users; remove it"
                    + " (Paydesk unpacks the binaries again)");
        }
        return target;
    }

    private static String knownDigest(Path index) {
        try {
            if (Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
                String digest = Files.readString(index).strip();
                return digest.matches("[0-9a-f]{16}") ? digest : null;
            }
        } catch (IOException e) {
            log.debug("Cannot read {}: {}", index, e.getMessage());
        }
        return null;
    }

    /** The archive's size and CRC-32 as its jar records them, or null when it is not read from a jar. */
    static String entryIdentity(URL archive) {
        try {
            if (archive.openConnection() instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
                    return entry.getSize() + "-" + Long.toHexString(entry.getCrc());
                }
            }
        } catch (IOException e) {
            log.debug("Cannot read the jar entry of {}: {}", archive, e.getMessage());
        }
        return null;
    }

    private static URL archiveUrl() throws IOException {
        String name = archiveName(System.getProperty("os.name"), System.getProperty("os.arch"));
        URL url = PostgresBinaries.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IOException("this build of Paydesk has no embedded PostgreSQL for this system (" + name
                    + " is missing); give an external server with --db-url");
        }
        return url;
    }

    private static byte[] readArchive(URL archive) throws IOException {
        try (InputStream in = archive.openStream()) {
            return in.readAllBytes();
        }
    }

    static String archiveName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.contains("win") ? "windows" : os.contains("mac") ? "darwin" : "linux";
        String arch = "amd64".equals(osArch) ? "x86_64" : osArch;
        return "postgres-" + system + "-" + arch + ".txz";
    }

    private static String digest(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(into, entry.getName());
                if (entry.isDirectory()) {
                    OwnerOnly.folder(path);
                } else if (entry.isSymbolicLink()) {
                    OwnerOnly.folder(path.getParent());
                    inside(into, path.getParent().resolve(entry.getLinkName()).toString());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    OwnerOnly.folder(path.getParent());
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    OwnerOnly.restrict(path, executable ? OwnerOnly.FOLDER : OwnerOnly.FILE);
                } else {
                    throw new IOException("unexpected entry in the PostgreSQL archive: " + entry.getName());
                }
            }
        }
    }

    /** {@code name} resolved in {@code folder}, refusing anything that would land outside it. */
    private static Path inside(Path folder, String name) throws IOException {
        Path path = folder.resolve(name).normalize();
        if (!path.startsWith(folder)) {
            throw new IOException("the PostgreSQL archive holds a path outside its folder: " + name);
        }
        return path;
    }

    /** The user this process runs as: the owner of a file it has just made. */
    private static UserPrincipal currentUser() throws IOException {
        Path probe = Files.createTempFile("paydesk-owner", ".probe");
        try {
            return Files.getOwner(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private static void requireOwned(Path folder, UserPrincipal me) throws IOException {
        UserPrincipal owner = Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the PostgreSQL binaries folder " + folder + " is not a folder of " + me.getName()
                    + " (owner: " + owner.getName() + "); remove it or choose another with -D" + FOLDER_PROPERTY + "=DIR");
        }
    }

}
