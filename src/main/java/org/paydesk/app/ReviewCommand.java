package org.paydesk.app;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.paydesk.participants.Review;
import org.paydesk.staff.Caller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code review set USERNAME STATE --reason R}: a participant's review state, audited with the reason. */
@Command(name = "review", description = "Participants' review states.", subcommands = ReviewCommand.Set.class)
final class ReviewCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: review set USERNAME STATE --reason TEXT");
    }

    @Command(name = "set", description = "Set a participant's review state (UNREVIEWED, WHITELISTED or SUSPICIOUS).")
    static final class Set implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "USERNAME")
        String username;

        @Parameters(index = "1", paramLabel = "STATE", description = "UNREVIEWED, WHITELISTED or SUSPICIOUS (any case).")
        String state;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(names = "--as", paramLabel = "STAFF", description = RefundCommand.AS_DESCRIPTION)
        String as;

        @Override
        public Integer call() throws IOException {
            Review review;
            try {
                review = Review.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "STATE must be UNREVIEWED, WHITELISTED or SUSPICIOUS, got '" + state + "'");
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                Caller caller = RefundCommand.caller(root, paydesk, as);
                paydesk.reviews().setReview(caller, username, review, reason);
                root.out().println(username + " is now " + review);
                return 0;
            }
        }
    }
}
