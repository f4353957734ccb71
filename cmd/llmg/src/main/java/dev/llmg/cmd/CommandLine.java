package dev.llmg.cmd;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of {@code llmg}: {@code -c PATH} (or {@code --config PATH}) picks the configuration file,
 * {@code --port N} overrides {@code server.port}.
 *
 * @param config the configuration file
 * @param overrides dotted configuration keys set from the command line
 * @param help whether the user asked for the usage text
 */
record CommandLine(Path config, Map<String, String> overrides, boolean help) {

    static final String USAGE = String.join("\n",
            "usage: llmg [-c PATH] [--port N]",
            "  -c, --config PATH   configuration file (default: config/config.yaml); a config.local.yaml",
            "                      beside it is merged over it",
            "  --port N            serve on port N instead of server.port (0 picks a free port)",
            "  -h, --help          print this text");

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message for people. */
    static CommandLine parse(String... args) {
        Path config = Path.of("config", "config.yaml");
        final Map<String, String> overrides = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c": case "--config":
                    config = Path.of(valueOf(args, ++i, args[i - 1]));
                    break;
                case "--port":
                    final String port = valueOf(args, ++i, "--port");
                    if (!port.matches("\\d{1,5}")) {
                        throw new IllegalArgumentException("--port takes a number from 0 to 65535, not '" + port + '\'');
                    }
                    overrides.put("server.port", port);
                    break;
                case "-h": case "--help":
                    help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + args[i] + '\'');
            }
        }
        return new CommandLine(config, overrides, help);
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
