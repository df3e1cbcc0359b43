package org.paydesk.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file a command produces whole or not at all: into a temporary file beside it, moved into
 * place once complete, and removed if anything fails. A path that cannot take a file is refused in
 * words before anything is written.
 */
final class OutputFile {

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private OutputFile() {
    }

    static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path folder = target.getParent();
        if (folder == null || Files.isDirectory(target)) {
            throw new IllegalArgumentException(file + " is a folder; give a file name, e.g. " + file.resolve("report.pdf"));
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("cannot write " + file + ": the folder " + folder + " does not exist");
        }
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot write to " + folder + ": permission denied", e);
        }
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
