package org.paydesk.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The platform's keyring, asked through its own command-line tool: the Secret Service
 * ({@code secret-tool}, GNOME Keyring or KWallet) on Linux, the login Keychain ({@code security})
 * on macOS. The password is stored under service "paydesk" and the database user as the account.
 */
interface Keyring {

    String SERVICE = "paydesk";

    /** The stored password of {@code account}; throws {@link SettingsFileException} saying how to store it when there is none. */
    String password(String account);

    static Keyring forPlatform(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return new CommandKeyring(List.of("security", "find-generic-password", "-s", SERVICE, "-a", "{account}", "-w"),
                    "security add-generic-password -s " + SERVICE + " -a {account} -w",
                    "the 'security' tool of macOS");
        }
        if (os.contains("win")) {
            return account -> {
                throw new SettingsFileException("db.password.keyring is not supported on Windows yet: put db.password "
                        + "in the settings file (your %APPDATA% folder is readable only by you) or set PAYDESK_DB_PASSWORD");
            };
        }
        return new CommandKeyring(List.of("secret-tool", "lookup", "service", SERVICE, "account", "{account}"),
                "secret-tool store --label='Paydesk database' service " + SERVICE + " account {account}",
                "secret-tool (Debian/Ubuntu: apt-get install libsecret-tools)");
    }

    /** Runs a lookup command that prints the password on standard output and exits non-zero when there is none. */
    record CommandKeyring(List<String> lookup, String storeHint, String toolName) implements Keyring {

        @Override
        public String password(String account) {
            List<String> command = new ArrayList<>();
            for (String part : lookup) {
                command.add(part.replace("{account}", account));
            }
            String store = storeHint.replace("{account}", account);
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new SettingsFileException("db.password.keyring is set but the keyring cannot be asked: "
                        + toolName + " is missing (" + e.getMessage() + ")", e);
            }
            try {
                process.getOutputStream().close();
                byte[] out;
                try (InputStream stdout = process.getInputStream()) {
                    out = stdout.readAllBytes();
                }
                // A locked keyring may ask the user to unlock it: give them time.
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new SettingsFileException("the keyring did not answer within two minutes (" + command.get(0) + ")");
                }
                String password = new String(out, StandardCharsets.UTF_8);
                if (password.endsWith("\n")) {
                    password = password.substring(0, password.length() - 1);
                }
                if (process.exitValue() != 0 || password.isEmpty()) {
                    throw new SettingsFileException("the keyring has no Paydesk password for database user '" + account
                            + "'; store it with: " + store);
                }
                return password;
            } catch (IOException e) {
                throw new SettingsFileException("reading the password from the keyring failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new SettingsFileException("interrupted while asking the keyring", e);
            }
        }
    }
}
