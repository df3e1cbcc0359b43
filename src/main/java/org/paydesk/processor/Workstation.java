package org.paydesk.processor;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name and the operating-system user, for the processor row and the audit log. */
public final class Workstation {

    private Workstation() {
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown host";
        }
    }

    public static String osUser() {
        return System.getProperty("user.name", "unknown");
    }
}
