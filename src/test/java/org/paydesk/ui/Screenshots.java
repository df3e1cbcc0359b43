package org.paydesk.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Writes what a scene shows to target/screenshots, for a person to look at after the run. */
public final class Screenshots {

    private static final Path FOLDER = Path.of("target", "screenshots");

    private Screenshots() {
    }

    public static Path write(Scene scene, String name) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        Files.createDirectories(FOLDER);
        Path file = FOLDER.resolve(name);
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
        return file;
    }
}
