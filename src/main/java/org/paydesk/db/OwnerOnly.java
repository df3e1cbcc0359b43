package org.paydesk.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files only their owner may use: 0700 and 0600 where the file system has POSIX
 * modes (elsewhere the platform's per-user folders already keep others out).
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates {@code folder} and its missing parents as 0700 (existing parents are left alone); {@code folder} ends 0700. */
    public static Path folder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        createMissing(absolute);
        restrict(absolute, FOLDER);
        return absolute;
    }

    /**
     * Creates {@code folder} and its missing parents as 0700, leaving existing ones alone. A folder
     * another process makes at the same moment is taken as made; a file in its place is not
     * ({@link FileAlreadyExistsException}).
     */
    public static void createMissing(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            createMissing(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(folder)) {
                throw raced;
            }
            // another process made it a moment ago
        }
    }

    /** Creates {@code file} as 0600 if it is missing (never readable by others, not even for a moment), else makes it 0600. */
    public static Path file(Path file) throws IOException {
        try {
            if (POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            // made before: restricted below
        }
        restrict(file, FILE);
        return file;
    }

    /** Writes {@code content} through a 0600 file beside {@code file}, synced and moved into place: no reader sees half of it. */
    public static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        file(temporary);
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /** Whether anyone but the owner may write to {@code path} (always false without POSIX modes). */
    public static boolean writableByOthers(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
