package org.paydesk.app;

/**
 * The jar's entry point. A plain class (not a JavaFX {@code Application}) so the GUI starts from
 * a class path; with no command it opens the GUI, with a command it runs headless.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty(org.paydesk.ui.StartupTimeline.PROBE_PROPERTY) != null) {
            System.setProperty(org.paydesk.ui.StartupTimeline.MAIN_PROPERTY,
                    Long.toString(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()));
        }
        int exitCode = PaydeskCommand.execute(args, System.out, System.err);
        if (exitCode != PaydeskCommand.GUI_STARTED) {
            System.exit(exitCode);
        }
    }
}
