package org.paydesk.participants;

import java.util.List;

/**
 * An import file was refused. The message is a summary followed by every listed problem, one per
 * line, each saying where in the file it is; {@link #problems()} has them one by one.
 */
public class ImportException extends RuntimeException {

    private final String summary;
    private final List<String> problems;

    public ImportException(String summary, List<String> problems) {
        super(summary);
        this.summary = summary;
        this.problems = List.copyOf(problems);
    }

    public String summary() {
        return summary;
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return fullMessage();
    }

    /** The summary and every listed problem, one per line. */
    public String fullMessage() {
        StringBuilder text = new StringBuilder(summary);
        problems.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
        return text.toString();
    }
}
