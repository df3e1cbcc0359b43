package org.paydesk.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the desktop client reached each step of its start, in milliseconds since the JVM started
 * (the process's own start time, as the runtime reports it). {@code bench startup} runs the client
 * in a child process with {@link #PROBE_PROPERTY} set, which makes the client sign in by itself
 * and print {@link #LINE_PREFIX} and the timeline as JSON once the main window is up.
 */
public final class StartupTimeline {

    /** Set (to the username to sign in as) on the child JVM of {@code bench startup}; its password comes in {@link #PASSWORD_ENV}. */
    public static final String PROBE_PROPERTY = "paydesk.startup.probe";
    public static final String PASSWORD_ENV = "PAYDESK_PROBE_PASSWORD";
    /** The uptime at which {@code main} was entered, set by the launcher when probing. */
    public static final String MAIN_PROPERTY = "paydesk.startup.main-ms";
    public static final String LINE_PREFIX = "paydesk-startup: ";
    public static final String LAUNCH = "launch_ms";
    public static final String WINDOW_SHOWN = "window_shown_ms";
    public static final String DATABASE_READY = "database_ready_ms";
    public static final String SIGNED_IN = "signed_in_ms";
    public static final List<String> EVENTS = List.of(LAUNCH, WINDOW_SHOWN, DATABASE_READY, SIGNED_IN);

    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final Map<String, Long> marks = new LinkedHashMap<>();

    public StartupTimeline() {
        String main = System.getProperty(MAIN_PROPERTY);
        if (main != null) {
            marks.put(LAUNCH, Long.valueOf(main));
        }
    }

    /** Notes that {@code event} happened now; only its first time counts. */
    public synchronized void mark(String event) {
        if (marks.putIfAbsent(event, System.currentTimeMillis() - jvmStart) == null && EVENTS.contains(event)) {
            // The CPU time the process used so far: on a loaded machine it tells what the wall time cannot.
            long cpuNanos = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            if (cpuNanos >= 0) {
                marks.put(event.replace("_ms", "_cpu_ms"), cpuNanos / 1_000_000);
            }
        }
    }

    public synchronized String json() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        EVENTS.forEach(event -> {
            if (marks.containsKey(event)) {
                node.put(event, marks.get(event));
            }
        });
        ObjectNode steps = node.putObject("steps");
        marks.forEach((event, ms) -> {
            if (!EVENTS.contains(event)) {
                steps.put(event, ms);
            }
        });
        return node.toString();
    }

    /** The username to sign in as when a bench probes this start, or null on a normal start. */
    public static String probeUser() {
        return System.getProperty(PROBE_PROPERTY);
    }
}
