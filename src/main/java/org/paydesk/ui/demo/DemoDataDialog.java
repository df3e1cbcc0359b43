package org.paydesk.ui.demo;

import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.paydesk.ui.Theme;

/** Asks whether to load demo data into the empty database, and how many participants. */
public final class DemoDataDialog {

    static final ButtonType LOAD = new ButtonType("Load demo data", ButtonData.OK_DONE);
    static final ButtonType NOT_NOW = new ButtonType("Not now", ButtonData.CANCEL_CLOSE);

    private DemoDataDialog() {
    }

    /** Shows the offer and starts the generation if accepted; the answer goes to the ViewModel. */
    public static void ask(Window owner, DemoDataViewModel viewModel) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Paydesk");
        dialog.setHeaderText("The database is empty");
        Theme.apply(dialog.getDialogPane());

        Label question = new Label("Load a demo platform (participants, cards, bank accounts and tips) to look around?");
        question.setWrapText(true);
        question.setMinHeight(Region.USE_PREF_SIZE);
        Label countLabel = new Label("How many participants (1 to 1,000,000):");
        TextField count = new TextField();
        count.setId("demoCount");
        count.setPrefColumnCount(12);
        countLabel.setLabelFor(count);
        count.textProperty().bindBidirectional(viewModel.countTextProperty());
        Label problem = new Label();
        problem.setId("demoCountProblem");
        problem.getStyleClass().add("count-problem");
        problem.setWrapText(true);
        // Room for two lines, so the dialog need not grow (it would not) when a message appears.
        problem.setMinHeight(40);
        problem.setAlignment(Pos.TOP_LEFT);
        problem.textProperty().bind(viewModel.countProblemProperty());
        VBox content = new VBox(8, question, countLabel, count, problem);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);

        dialog.getDialogPane().getButtonTypes().setAll(LOAD, NOT_NOW);
        Button load = (Button) dialog.getDialogPane().lookupButton(LOAD);
        load.disableProperty().bind(viewModel.countProblemProperty().isNotNull());
        // The ViewModel has the last word on the count: an invalid one keeps the dialog open.
        load.addEventFilter(ActionEvent.ACTION, e -> {
            if (!viewModel.generate()) {
                e.consume();
            }
        });
        dialog.setOnShown(e -> count.requestFocus());
        ButtonType answer = dialog.showAndWait().orElse(NOT_NOW);
        count.textProperty().unbindBidirectional(viewModel.countTextProperty());
        if (answer != LOAD) {
            viewModel.decline();
        }
    }
}
