package org.paydesk.ui.queue;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.paydesk.queue.PaymentKind;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.Theme;
import org.paydesk.ui.picker.ParticipantPicker;

/** The "queue a payment" form, shown in a dialog; each field's error sits right under it. */
public final class QueueAddView {

    public static final ButtonType QUEUE = new ButtonType("Queue payment", ButtonBar.ButtonData.OK_DONE);

    private final QueueAddViewModel viewModel;
    private final Parent root;
    private ParticipantPicker picker;

    @FXML private StackPane pickerHolder;
    @FXML private Label participantError;
    @FXML private ComboBox<PaymentKind> kindBox;
    @FXML private TextField amountField;
    @FXML private Label amountError;
    @FXML private TextField reasonField;
    @FXML private Label reasonError;
    @FXML private TextField referenceField;
    @FXML private Label problemLabel;

    public QueueAddView(QueueAddViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
        root.disableProperty().bind(viewModel.busyProperty());
    }

    @FXML
    private void initialize() {
        picker = new ParticipantPicker(viewModel.picker(), viewModel::money);
        pickerHolder.getChildren().add(picker);
        kindBox.getItems().setAll(PaymentKind.values());
        kindBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(PaymentKind kind) {
                return kind == null ? "" : QueueAddViewModel.describe(kind);
            }

            @Override
            public PaymentKind fromString(String text) {
                return null;
            }
        });
        kindBox.valueProperty().bindBidirectional(viewModel.kindProperty());
        amountField.textProperty().bindBidirectional(viewModel.amountProperty());
        reasonField.textProperty().bindBidirectional(viewModel.reasonProperty());
        referenceField.textProperty().bindBidirectional(viewModel.referenceProperty());
        showError(participantError, viewModel.participantErrorProperty());
        showError(amountError, viewModel.amountErrorProperty());
        showError(reasonError, viewModel.reasonErrorProperty());
        showError(problemLabel, viewModel.problemProperty());
    }

    private static void showError(Label label, javafx.beans.value.ObservableStringValue error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(Bindings.isNotEmpty(error));
        label.managedProperty().bind(label.visibleProperty());
    }

    public Parent root() {
        return root;
    }

    /** Opens the form in a dialog over {@code owner}; the dialog closes itself once the payment is queued. */
    public static Dialog<ButtonType> dialog(Window owner, QueueAddViewModel viewModel,
                                            java.util.function.Consumer<QueueAddViewModel.Added> then) {
        QueueAddView view = new QueueAddView(viewModel);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Queue a payment");
        dialog.setHeaderText("Queue a manual balance change; it is applied at once by the serial processor.");
        dialog.getDialogPane().setContent(view.root);
        dialog.getDialogPane().getButtonTypes().setAll(QUEUE, ButtonType.CANCEL);
        dialog.getDialogPane().setId("queueAddDialog");
        Theme.apply(dialog.getDialogPane());
        Button queue = (Button) dialog.getDialogPane().lookupButton(QUEUE);
        queue.setId("queueButton");
        queue.disableProperty().bind(viewModel.busyProperty());
        queue.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            viewModel.submit();
        });
        viewModel.setOnAdded(added -> {
            dialog.setResult(QUEUE);
            dialog.close();
            then.accept(added);
        });
        dialog.setOnShown(e -> view.picker.searchField().requestFocus());
        return dialog;
    }

    /** Shows the dialog (without waiting); {@code then} hears of the queued payment. */
    public static Dialog<ButtonType> show(Window owner, QueueAddViewModel viewModel,
                                          java.util.function.Consumer<QueueAddViewModel.Added> then) {
        Dialog<ButtonType> dialog = dialog(owner, viewModel, then);
        dialog.show();
        return dialog;
    }
}
