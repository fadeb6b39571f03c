package io.leakstop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakstop.Version;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command tree is built for the arguments given (only what they need is reflected over at
 * start-up), and says the same to the user whatever was left out.
 */
class CommandTreeTest {
  @Test
  void versionIsPrintedAloneOrBeforeACommand() {
    String version = "leakstop " + Version.current();
    for (String[] args :
        new String[][] {{"--version"}, {"-V"}, {"-V", "scan"}, {"--version", "rules"}}) {
      Cli.Run run = Cli.run(args);
      assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
      assertEquals(version, run.out().strip(), String.join(" ", args));
    }
  }

  @Test
  void helpListsEveryCommand() {
    Cli.Run run = Cli.run("--help");
    assertEquals(0, run.code(), run.err());
    for (String command :
        new String[] {
          "scan",
          "revoke",
          "rules",
          "hook",
          "ignore",
          "github-action",
          "sweep",
          "report",
          "git",
          "dir",
          "stdin",
          "detect",
          "protect",
          "help"
        }) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " in:\n" + run.out());
    }
  }

  /**
   * picocli looks for {@code @Command} methods among every method of a command class, JDK methods
   * included, reading their annotations, unless told there are none; leakstop has none.
   */
  @Test
  void noCommandLooksForCommandMethods() {
    Deque<CommandLine> commands = new ArrayDeque<>();
    commands.add(Main.commandLine(new Main(System.getenv(), System.in, System.out, System.err)));
    int seen = 0;
    while (!commands.isEmpty()) {
      CommandLine command = commands.poll();
      commands.addAll(command.getSubcommands().values());
      Object user = command.getCommandSpec().userObject();
      if (user.getClass().getAnnotation(Command.class) != null
          && user.getClass().getPackageName().equals(Main.class.getPackageName())) {
        assertFalse(command.getCommandSpec().isAddMethodSubcommands(), command.getCommandName());
        seen++;
      }
    }
    assertTrue(seen > 10, "commands seen: " + seen);
  }
}
