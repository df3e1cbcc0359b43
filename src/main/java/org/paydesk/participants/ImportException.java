package org.paydesk.participants;

import java.util.List;

/** An import file was refused; {@link #problems()} lists each problem with where it is in the file. */
public class ImportException extends RuntimeException {

    private final List<String> problems;

    public ImportException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The summary and every listed problem, one per line. */
    public String fullMessage() {
        StringBuilder text = new StringBuilder(getMessage());
        problems.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
        return text.toString();
    }
}
