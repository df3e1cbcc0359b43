package org.paydesk.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the server programs are unpacked: the user's cache folder, never the shared temp folder. */
class PostgresBinariesTest {

    @Test
    void theCacheFolderIsPerUser() {
        assertThat(PostgresBinaries.userCacheDir(Map.of(), "Linux", "/home/ana")).isEqualTo(Path.of("/home/ana/.cache/paydesk"));
        assertThat(PostgresBinaries.userCacheDir(Map.of("XDG_CACHE_HOME", "/home/ana/c"), "Linux", "/home/ana"))
                .isEqualTo(Path.of("/home/ana/c/paydesk"));
        assertThat(PostgresBinaries.userCacheDir(Map.of(), "Mac OS X", "/Users/ana"))
                .isEqualTo(Path.of("/Users/ana/Library/Caches/Paydesk"));
    }

    @Test
    void theArchiveIsTheOneZonkyShipsForThisSystem() {
        assertThat(PostgresBinaries.archiveName("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(PostgresBinaries.class.getClassLoader().getResource(
                PostgresBinaries.archiveName(System.getProperty("os.name"), System.getProperty("os.arch")))).isNotNull();
    }

    @Test
    void theSettingsBlockReplacesAnEarlierOne() {
        String once = ServerFiles.withBlock("max_connections = 100\n#fsync = on\n");
        String twice = ServerFiles.withBlock(once + "work_mem = '8MB'\n");

        assertThat(once).startsWith("max_connections = 100\n#fsync = on\n\n" + ServerFiles.BLOCK_BEGIN).endsWith(ServerFiles.BLOCK_END + "\n");
        assertThat(twice).containsOnlyOnce(ServerFiles.BLOCK_BEGIN).contains("work_mem = '8MB'")
                .endsWith(String.join("\n", ServerFiles.SETTINGS) + "\n" + ServerFiles.BLOCK_END + "\n");
    }
}
