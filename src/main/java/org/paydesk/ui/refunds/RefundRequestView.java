package org.paydesk.ui.refunds;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.paydesk.refunds.RefundService.Kind;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.Theme;
import org.paydesk.ui.picker.ParticipantPicker;
import org.paydesk.ui.refunds.RefundRequestViewModel.PaydayChoice;

/** The refund request form, in a dialog: errors under their fields, the amount that would move above the buttons. */
public final class RefundRequestView {

    public static final ButtonType REQUEST = new ButtonType("Request refund", ButtonBar.ButtonData.OK_DONE);

    private final RefundRequestViewModel viewModel;
    private final Parent root;
    private ParticipantPicker picker;

    @FXML private StackPane pickerHolder;
    @FXML private Label participantError;
    @FXML private RadioButton tipButton;
    @FXML private RadioButton fullButton;
    @FXML private Label tippeeLabel;
    @FXML private VBox tippeeBox;
    @FXML private ComboBox<String> tippeeCombo;
    @FXML private Label tippeeError;
    @FXML private Label paydaysLabel;
    @FXML private VBox paydaysBox;
    @FXML private ListView<PaydayChoice> paydayList;
    @FXML private Label paydaysError;
    @FXML private TextField reasonField;
    @FXML private Label reasonError;
    @FXML private Label previewLabel;
    @FXML private Label problemLabel;

    public RefundRequestView(RefundRequestViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
        root.disableProperty().bind(viewModel.busyProperty());
    }

    @FXML
    private void initialize() {
        picker = new ParticipantPicker(viewModel.picker(), viewModel.text()::money);
        pickerHolder.getChildren().add(picker);
        tipButton.setSelected(viewModel.kindProperty().get() == Kind.TIP);
        fullButton.setSelected(viewModel.kindProperty().get() == Kind.FULL);
        tipButton.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                viewModel.kindProperty().set(Kind.TIP);
            }
        });
        fullButton.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                viewModel.kindProperty().set(Kind.FULL);
            }
        });
        var tip = Bindings.equal(viewModel.kindProperty(), Kind.TIP);
        for (Node node : new Node[] {tippeeLabel, tippeeBox, paydaysLabel, paydaysBox}) {
            node.visibleProperty().bind(tip);
            node.managedProperty().bind(tip);
        }
        tippeeCombo.setItems(viewModel.tippees());
        tippeeCombo.valueProperty().bindBidirectional(viewModel.tippeeProperty());
        paydayList.setItems(viewModel.paydays());
        paydayList.setCellFactory(list -> new PaydayCell());
        reasonField.textProperty().bindBidirectional(viewModel.reasonProperty());
        previewLabel.textProperty().bind(viewModel.previewProperty());
        previewLabel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.previewProperty()));
        previewLabel.managedProperty().bind(previewLabel.visibleProperty());
        showError(participantError, viewModel.participantErrorProperty());
        showError(tippeeError, viewModel.tippeeErrorProperty());
        showError(paydaysError, viewModel.paydaysErrorProperty());
        showError(reasonError, viewModel.reasonErrorProperty());
        showError(problemLabel, viewModel.problemProperty());
    }

    /** A tick box per payday: "Payday #3 · 11/17/26 · $4.00"; one already refunded cannot be ticked. */
    private final class PaydayCell extends ListCell<PaydayChoice> {
        private final CheckBox box = new CheckBox();
        private PaydayChoice bound;

        @Override
        protected void updateItem(PaydayChoice choice, boolean empty) {
            super.updateItem(choice, empty);
            if (bound != null) {
                box.selectedProperty().unbindBidirectional(bound.chosenProperty());
                bound = null;
            }
            if (empty || choice == null) {
                setGraphic(null);
                return;
            }
            var t = choice.transfer();
            box.setText("Payday #" + t.paydayId() + " · " + viewModel.text().time(t.paydayStart()) + " · "
                    + viewModel.text().money(t.amount()) + (choice.refunded() ? " (already refunded or requested)" : ""));
            box.setDisable(choice.refunded());
            box.selectedProperty().bindBidirectional(choice.chosenProperty());
            bound = choice;
            setGraphic(box);
        }
    }

    private static void showError(Label label, ObservableStringValue error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(Bindings.isNotEmpty(error));
        label.managedProperty().bind(label.visibleProperty());
    }

    public Parent root() {
        return root;
    }

    /** Shows the form in a dialog over {@code owner}; it closes itself once requested, and {@code then} hears the id. */
    public static Dialog<ButtonType> show(Window owner, RefundRequestViewModel viewModel, Consumer<Long> then) {
        RefundRequestView view = new RefundRequestView(viewModel);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Request a refund");
        dialog.setHeaderText("Request a refund; another staff member with the APPROVER role decides on it.");
        dialog.getDialogPane().setContent(view.root);
        dialog.getDialogPane().getButtonTypes().setAll(REQUEST, ButtonType.CANCEL);
        dialog.getDialogPane().setId("refundRequestDialog");
        Theme.apply(dialog.getDialogPane());
        Button request = (Button) dialog.getDialogPane().lookupButton(REQUEST);
        request.setId("requestButton");
        request.disableProperty().bind(viewModel.busyProperty());
        request.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.submit();
        });
        viewModel.setOnRequested(id -> {
            dialog.setResult(REQUEST);
            dialog.close();
            then.accept(id);
        });
        dialog.setOnShown(e -> view.picker.searchField().requestFocus());
        dialog.show();
        return dialog;
    }
}
