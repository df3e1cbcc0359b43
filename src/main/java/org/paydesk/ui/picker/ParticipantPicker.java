package org.paydesk.ui.picker;

import java.math.BigDecimal;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.paydesk.participants.AccountRow;

/** A search field over a short list of matches; the chosen row is the model's selection. */
public final class ParticipantPicker extends VBox {

    private static final Duration SEARCH_DELAY = Duration.millis(200);

    private final TextField search = new TextField();
    private final ListView<AccountRow> matches = new ListView<>();

    public ParticipantPicker(ParticipantPickerModel model, Function<BigDecimal, String> money) {
        getStyleClass().add("participant-picker");
        setSpacing(4);
        search.setId("participantSearch");
        search.setPromptText("Search username or display name");
        matches.setId("participantMatches");
        matches.setItems(model.candidates());
        matches.setPrefHeight(118);
        matches.setMinHeight(80);
        matches.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(AccountRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.username()
                        + (row.displayName() == null || row.displayName().equals(row.username()) ? "" : " · " + row.displayName())
                        + " · balance " + money.apply(row.balance()));
            }
        });
        PauseTransition delay = new PauseTransition(SEARCH_DELAY);
        delay.setOnFinished(e -> model.search(search.getText()));
        search.textProperty().addListener((o, old, now) -> delay.playFromStart());
        matches.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            if (row != null) {
                model.selectedProperty().set(row);
            }
        });
        model.selectedProperty().addListener((o, old, row) -> {
            if (row != null && matches.getSelectionModel().getSelectedItem() != row) {
                matches.getSelectionModel().select(row);
            }
        });
        getChildren().addAll(search, matches);
        model.search("");
    }

    public TextField searchField() {
        return search;
    }
}
