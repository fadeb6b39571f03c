package io.leakstop.cli;

import io.leakstop.git.GitRepositories;
import io.leakstop.git.PreCommitHook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "hook",
    addMethodSubcommands = false,
    description =
        "Installs or removes leakstop as the repository's git pre-commit hook (an existing hook is kept and runs first).")
final class HookCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", description = "install or uninstall")
  String action;

  @Option(
      names = "--repo",
      paramLabel = "PATH",
      description = "The repository (default: the current folder).")
  Path repo = Path.of(".");

  @Option(
      names = "--command",
      paramLabel = "CMD",
      description =
          "How the hook starts leakstop (default: this launcher, else leakstop on the PATH).")
  String command;

  @Override
  public Integer call() throws IOException {
    if (!GitRepositories.isRepository(repo)) {
      throw new Main.UsageError(
          repo + ": not a git repository (run it at the top of a working tree)");
    }
    PreCommitHook.Outcome outcome;
    switch (action) {
      case "install" ->
          outcome = PreCommitHook.install(repo, command != null ? command : launcher());
      case "uninstall" -> outcome = PreCommitHook.uninstall(repo);
      default ->
          throw new Main.UsageError("hook: unknown action '" + action + "' (install or uninstall)");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("leakstop: " + outcome.message());
    out.flush();
    return 0;
  }

  /** The launcher script exports its own path, so the hook runs the same leakstop. */
  private static String launcher() {
    String self = System.getenv("LEAKSTOP_LAUNCHER");
    return self == null || self.isBlank() ? "leakstop" : self;
  }
}
