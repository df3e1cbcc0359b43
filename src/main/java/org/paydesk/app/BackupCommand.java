package org.paydesk.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.paydesk.backup.BackupService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup [-o FILE]} and {@code restore FILE} (DESIGN §11). */
final class BackupCommand {

    private BackupCommand() {
    }

    @Command(name = "backup", description = "Back the database up (a consistent copy of every table) into the data"
            + " folder's backups, or into FILE.")
    static final class Backup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the backup to FILE.")
        Path output;

        @Override
        public Integer call() {
            PaydeskCommand root = spec.commandLine().getParent().getCommand();
            if (output != null) {
                OutputFile.checked(output, "the backup", "paydesk-backup.zip");
            }
            try (Paydesk paydesk = root.open()) {
                BackupService.BackupInfo info;
                if (output != null) {
                    info = paydesk.backups().backup(output.toAbsolutePath());
                } else {
                    Path folder = paydesk.backupFolder().orElse(root.resolvedDataDir().resolve(Paydesk.BACKUPS));
                    info = paydesk.backups().backupInto(folder, "on-demand");
                }
                root.out().printf("Backed up %d tables, %d rows (schema %s) to %s, %d bytes%n", info.tables(),
                        info.rows(), info.schemaVersion(), info.file(), info.bytes());
            }
            return 0;
        }
    }

    @Command(name = "restore", description = "Replace the whole database with a backup's contents (all or nothing)."
            + " Refused while another process uses the database.")
    static final class Restore implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A backup made by `backup`.")
        Path file;

        @Override
        public Integer call() {
            PaydeskCommand root = spec.commandLine().getParent().getCommand();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": no such backup file");
            }
            try (Paydesk paydesk = root.open()) {
                BackupService.BackupInfo info = paydesk.backups().restore(file);
                root.out().printf("Restored %d tables, %d rows from %s%n", info.tables(), info.rows(), file);
            }
            return 0;
        }
    }
}
