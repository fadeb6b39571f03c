package io.leakstop.cli;

import io.leakstop.ExitCodes;
import io.leakstop.Version;
import io.leakstop.git.GitRepositories;
import io.leakstop.rules.ConfigException;
import io.leakstop.rules.RuleSet;
import io.leakstop.scan.Console;
import io.leakstop.scan.Scanner;
import io.leakstop.scan.UsageException;
import io.leakstop.source.OutOfMemory;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leakstop} command: parses arguments, calls scanner-core, prints, exits. */
@Command(
    name = "leakstop",
    addMethodSubcommands = false,
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.VersionProvider.class,
    description =
        "Finds leaked credentials in git history, files and logs; verifies, reports and revokes them.",
    footer = {
      "",
      "Exit codes: 0 nothing found, 1 findings, 2 usage or configuration error, 3 the scan could not complete."
    })
public final class Main implements Runnable {
  /**
   * The commands that scan with the built-in rules: their catalogue loads into a detector, and JGit
   * sets itself up, while picocli parses.
   */
  private static final Set<String> SCANNING =
      Set.of("scan", "git", "dir", "stdin", "detect", "protect", "github-action", "sweep");

  /** In the order help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ScanCommand.class,
          RevokeCommand.class,
          RulesCommand.class,
          HookCommand.class,
          IgnoreCommand.class,
          GithubActionCommand.class,
          SweepCommand.class,
          ReportCommand.class,
          GitleaksCommands.Git.class,
          GitleaksCommands.Dir.class,
          GitleaksCommands.Stdin.class,
          GitleaksCommands.Detect.class,
          GitleaksCommands.Protect.class,
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;

  /**
   * The environment commands read (issuer URLs, the state directory, the runner's GITHUB_*
   * variables); tests inject their own.
   */
  final Map<String, String> env;

  Main(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(System.in, System.out, System.err, args));
  }

  /** Runs a command line with the given standard streams and returns its exit code. */
  public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return run(System.getenv(), in, out, err, args);
  }

  /**
   * As {@link #run(InputStream, PrintStream, PrintStream, String...)} with the given environment.
   */
  static int run(
      Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
    if (args.length > 0 && SCANNING.contains(args[0])) {
      Scanner.prepareBuiltinInBackground();
      GitRepositories.prepareInBackground();
    } else if (args.length > 0 && args[0].equals("rules")) {
      // The catalogue loads while picocli parses and the command reads the issuer catalogue; a
      // failure here is met again, and reported, by the command.
      Thread rules =
          new Thread(
              () -> {
                try {
                  RuleSet.builtin();
                } catch (RuntimeException e) {
                  // reported by the command
                }
              },
              "leakstop-rules");
      rules.setDaemon(true);
      rules.start();
    }
    CommandLine cli = commandLine(new Main(env, in, out, err), args);
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException || e instanceof UsageException) {
            commandLine.getErr().println("leakstop: " + e.getMessage());
            return ExitCodes.USAGE;
          }
          commandLine
              .getErr()
              .println("leakstop: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          if (System.getenv("LEAKSTOP_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return ExitCodes.INCOMPLETE;
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands on Errors: uncaught, the JVM would print a stack trace and exit 1, which
      // reads as "findings".
      err.println("leakstop: " + OutOfMemory.incomplete());
      code = ExitCodes.INCOMPLETE;
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The command tree for {@code args}. picocli reflects over every option of every command it is
   * given, a noticeable part of a pre-commit run for all of them (bench/RESULTS.md, Figures from
   * comments): when the first argument names a command, only that one is added; {@code --version}
   * alone needs none.
   */
  static CommandLine commandLine(Main main, String... args) {
    CommandLine cli = new CommandLine(main);
    String first = args.length == 0 ? "" : args[0];
    if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      return cli;
    }
    boolean named =
        !first.equals("help") && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(first));
    for (Class<?> command : COMMANDS) {
      if (!named || nameOf(command).equals(first)) {
        cli.addSubcommand(command);
      }
    }
    return cli;
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required (scan, revoke, rules, hook, ignore, github-action, sweep, report, help; gitleaks' git, dir, stdin, detect, protect)");
  }

  /** The streams and environment commands read and write, for the pipeline in scanner-core. */
  Console console() {
    return new Console(in, out, err, env);
  }

  /**
   * A mistake in how the command was called (options that exclude each other), reported as one line
   * with exit code 2.
   */
  static final class UsageError extends UsageException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"leakstop " + Version.current()};
    }
  }
}
