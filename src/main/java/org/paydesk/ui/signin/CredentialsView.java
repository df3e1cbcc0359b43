package org.paydesk.ui.signin;

import javafx.scene.Parent;

/** A start-up dialog's content, as {@link CredentialsWindow} shows it. */
public interface CredentialsView {

    Parent root();

    String title();

    CredentialsForm form();
}
