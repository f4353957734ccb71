package dev.llmg.cmd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.internal.telemetry.LoggingSettings;

/** Starts llmg: parses the command line, loads the configuration, and runs the server until SIGTERM. */
public final class Main {

    private static final Logger logger = LoggerFactory.getLogger(Main.class);

    private Main() {}

    /** Runs llmg; exits with status 2 and a message naming the problem when the arguments or config are bad. */
    public static void main(String[] args) {
        final CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("llmg: " + e.getMessage() + '\n' + CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (commandLine.help()) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        try {
            run(commandLine);
        } catch (ConfigException e) {
            System.err.println("llmg: bad configuration in " + commandLine.config() + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Loads the configuration, sets the log's format, starts the server and arranges a graceful stop on JVM
     * shutdown.
     */
    static Server run(CommandLine commandLine) {
        final ConfigSource source = ConfigSource.file(new ConfigLoader(System.getenv()), commandLine.config(),
                                                      commandLine.overrides());
        final ConfigSection config = source.load();
        // Before anything else logs, so that every line has the chosen format.
        LogFormat.apply(LogFormat.choose(LoggingSettings.fromConfig(config), System.getenv()));
        final LlmgComponent component = LlmgComponent.create(config, source);
        final Server server = component.server();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            logger.info("Stopping: letting calls in flight finish");
            // Graceful: the quiet period and timeout come from server.graceful_shutdown.
            component.shutdown().run();
            logger.info("Stopped");
            LogFormat.flush(); // lines still queued for the console are written before the JVM exits
        }, "llmg-shutdown"));
        server.start().join();
        logger.info("llmg is serving on http://127.0.0.1:{} (gRPC, gRPC-Web, REST under /api/v1, docs at /docs), "
                    + "config {}", server.activeLocalPort(), commandLine.config());
        return server;
    }
}
