package org.paydesk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder's checks before anything starts: made when missing, by any number of processes at once. */
class DataDirectoriesTest {

    @TempDir
    Path dir;

    @Test
    void launchersMakingTheSameNewDataFolderAtOnceAllSucceed() throws Exception {
        ExecutorService launchers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 40; round++) {
                Path folder = dir.resolve("round-" + round).resolve("paydesk");
                List<Callable<Void>> starts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    starts.add(() -> {
                        DataDirectories.requireWritable(folder);
                        return null;
                    });
                }
                for (Future<Void> start : launchers.invokeAll(starts)) {
                    start.get(); // rethrows a launcher's failure ("logs is a file" before the fix)
                }
                assertThat(folder.resolve("logs")).isDirectory();
            }
        } finally {
            launchers.shutdownNow();
        }
    }

    @Test
    void aFileWhereTheLogsFolderShouldBeIsStillNamed() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        Files.writeString(folder.resolve("logs"), "not a folder");
        assertThatThrownBy(() -> DataDirectories.requireWritable(folder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logs is a file");
    }
}
