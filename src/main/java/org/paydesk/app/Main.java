package org.paydesk.app;

/**
 * The jar's entry point. A plain class (not a JavaFX {@code Application}) so the GUI starts from
 * a class path; with no command it opens the GUI, with a command it runs headless.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = PaydeskCommand.execute(args, System.out, System.err);
        if (exitCode != PaydeskCommand.GUI_STARTED) {
            System.exit(exitCode);
        }
    }
}
