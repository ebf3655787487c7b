package dev.liandan.cli;

import dev.liandan.core.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** The {@code liandan} command: parses, calls the engine, prints. */
@Command(name = "liandan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Hyperparameter search for deep learning on the JVM (炼丹, \"alchemy\").", ""},
        subcommands = {SweepCommand.class, LeaderboardCommand.class, ValidateCommand.class, ReportCommand.class,
                StatusCommand.class, EnsembleCommand.class, PredictCommand.class, LrFindCommand.class,
                WorkerCommand.class, EnqueueCommand.class, StudiesCommand.class, DeleteCommand.class,
                LaunchCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  liandan validate search-spaces/digits-mlp.yaml",
                "  liandan sweep search-spaces/digits-mlp.yaml --trials 12",
                "  liandan leaderboard --study digits-mlp --format markdown --top 5",
                "  liandan report --study digits-mlp",
                "  liandan ensemble --study digits-mlp --method caruana --top 10",
                "  liandan predict --ensemble results/digits-mlp/ensemble --input x.csv --output p.csv",
                "  liandan studies",
                "",
                "Exit codes: 0 success, 1 internal error, 2 bad input (file:line:column: message)."})
public final class Main implements Runnable {
    /** Exit code for a user mistake: bad space file, bad option, missing study. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        configureRuntime(Arrays.asList(args).contains(VerboseOption.LONG) || Arrays.asList(args).contains(VerboseOption.SHORT));
        CommandLine cli = new CommandLine(new Main());
        keepFootersAsWritten(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("liandan: " + e.getMessage());
            err.println("Try 'liandan " + commandPath(e.getCommandLine()) + "--help' for more information.");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof UserError) {
                err.println("liandan: " + e.getMessage());
                return USER_ERROR;
            }
            java.util.Optional<String> full = dev.liandan.core.DiskFull.in(e);
            if (full.isPresent()) {
                // storage or artifacts could not be written: what is stored stays, the next run goes on from it
                err.println("liandan: " + dev.liandan.core.DiskFull.line(full.get()));
                return USER_ERROR;
            }
            throw e;
        });
        int code = cli.execute(args);
        // print() on an autoflush PrintWriter does not flush; System.exit would lose the output
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Prints each command's footer (its examples) line by line as written: picocli would wrap them
     * at 80 columns, and a wrapped example no longer works when copied into a shell.
     */
    static void keepFootersAsWritten(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            String[] lines = help.commandSpec().usageMessage().footer();
            return lines.length == 0 ? "" : String.join("\n", lines) + "\n";
        });
        cli.getSubcommands().values().forEach(Main::keepFootersAsWritten);
    }

    private static String commandPath(CommandLine c) {
        String path = c.getCommandSpec().qualifiedName(" ");
        return path.equals("liandan") ? "" : path.substring("liandan ".length()) + " ";
    }

    /**
     * Quiet DL4J/ND4J unless asked, and keep native caches where docs/cli.md says:
     * JavaCPP unpacks ~390 MB of native libraries on first use, by default into ~/.javacpp.
     * Must run before any DL4J class loads (their loggers read these properties once).
     */
    static void configureRuntime(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // the report draws its plots with Java2D; no window system is needed or wanted
        System.setProperty("java.awt.headless", "true");
        Path cache = cacheDir();
        System.setProperty("org.bytedeco.javacpp.cachedir",
                System.getProperty("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString()));
        System.setProperty("org.deeplearning4j.resources.directory",
                System.getProperty("org.deeplearning4j.resources.directory", cache.resolve("dl4j").toString()));
        dev.liandan.train.JavaCppMemoryCheck.leaveToGuard();
        dev.liandan.train.LayerHelpers.allow();
        if (!verbose) {
            // JavaCPP prints its own warnings unless told otherwise
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
    }

    /** {@code $LIANDAN_CACHE}, else {@code ~/.cache/liandan}. */
    static Path cacheDir() {
        String env = System.getenv("LIANDAN_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "liandan");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"liandan " + (v == null ? "(development build)" : v)};
        }
    }
}
