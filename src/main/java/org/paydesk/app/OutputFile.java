package org.paydesk.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a command produces ({@code export -o}, {@code payday report -o}), written whole or not at
 * all: into a temporary file beside it, moved into place once complete, and removed if anything
 * fails. A path that cannot take a file is refused in words before any work is done.
 */
final class OutputFile {

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private OutputFile() {
    }

    /**
     * The file to write {@code what} to, or a refusal saying why it cannot be one; {@code example}
     * is the file name suggested when {@code output} is a folder.
     */
    static Path checked(Path output, String what, String example) {
        Path target = output.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("cannot write " + what + " to " + output
                    + ": it is a folder; give a file name, such as " + target.resolve(example));
        }
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("cannot write " + what + " to " + output + ": the folder "
                    + (folder == null ? output : folder) + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException("cannot write " + what + " to " + output + ": permission denied in "
                    + folder);
        }
        return target;
    }

    /** Writes {@code target} (a path {@link #checked} let through) whole, or leaves nothing behind. */
    static void write(Path target, Content content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                content.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
