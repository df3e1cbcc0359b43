package org.paydesk.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Whether a file that holds a secret can be read or changed by anyone but its owner. */
final class FilePermissions {

    /** Windows accounts that may always read a user's files without that being an exposure. */
    private static final Set<String> WINDOWS_TRUSTED = Set.of("nt authority\\system", "builtin\\administrators");

    private FilePermissions() {
    }

    /** How others can reach {@code file} (for example "can be read by other users (rw-r--r--)"), or empty if only its owner can. */
    static Optional<String> exposure(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            return posixExposure(posix.readAttributes().permissions());
        }
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            List<String> others = othersAllowedToRead(acl.getAcl(), acl.getOwner());
            return others.isEmpty() ? Optional.empty() : Optional.of("can be read by " + String.join(", ", others));
        }
        return Optional.empty();
    }

    static Optional<String> posixExposure(Set<PosixFilePermission> permissions) {
        String shown = " (" + PosixFilePermissions.toString(permissions) + ")";
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of("can be read by other users" + shown);
        }
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("can be changed by other users" + shown);
        }
        return Optional.empty();
    }

    /** The accounts other than the owner, SYSTEM and Administrators that an ACL allows to read the file. */
    static List<String> othersAllowedToRead(List<AclEntry> acl, UserPrincipal owner) {
        return acl.stream()
                .filter(entry -> entry.type() == AclEntryType.ALLOW)
                .filter(entry -> entry.permissions().contains(AclEntryPermission.READ_DATA))
                .map(entry -> entry.principal().getName())
                .filter(name -> !name.equalsIgnoreCase(owner.getName()))
                .filter(name -> !WINDOWS_TRUSTED.contains(name.toLowerCase(Locale.ROOT)))
                .distinct()
                .toList();
    }

    /** The command that makes {@code file} private to its owner on this platform. */
    static String fixCommand(Path file, boolean posix) {
        return posix ? "chmod 600 '" + file + "'"
                : "icacls \"" + file + "\" /inheritance:r /grant:r \"%USERNAME%:F\"";
    }
}
