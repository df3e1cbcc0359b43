package org.paydesk.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;

/** Loads the FXML file named after a view class, next to it, with that view as its controller. */
public final class Fxml {

    private Fxml() {
    }

    public static <T> T load(Object view) {
        String name = view.getClass().getSimpleName() + ".fxml";
        URL location = view.getClass().getResource(name);
        if (location == null) {
            throw new IllegalStateException(name + " is missing next to " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(location);
        loader.setController(view);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + location, e);
        }
    }
}
