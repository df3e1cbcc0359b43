package org.paydesk.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND [SUBCOMMAND...]]}: the usage of the command the whole path names
 * ({@code help payday run} shows {@code payday run}, not {@code payday}).
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of a command: help payday run.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommands) to explain.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private PrintWriter out;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
                     PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        List<String> walked = new ArrayList<>();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "unknown command '" + String.join(" ", walked)
                        + (walked.isEmpty() ? "" : " ") + name + "'; commands" + (walked.isEmpty() ? "" : " of "
                        + String.join(" ", walked)) + ": " + String.join(", ", target.getSubcommands().keySet()));
            }
            walked.add(name);
            target = next;
        }
        target.usage(out, colors);
    }
}
