package io.leakstop.gitleaks;

import io.leakstop.rules.Config;
import io.leakstop.rules.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds and reads a scan's config: leakstop's {@code .leakstop.yaml}, or gitleaks' {@code
 * .gitleaks.toml}.
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  /**
   * The config for a scan of {@code root}: {@code explicit} when given, else {@code .leakstop.yaml}
   * at the root if there is one, else gitleaks' {@code .gitleaks.toml} there, else the defaults.
   */
  public static Config discover(Path root, Path explicit) {
    if (explicit != null) {
      return load(explicit);
    }
    if (root != null && Files.isDirectory(root)) {
      // Found in the scanned tree, so untrusted: read only as regular files inside it.
      Path yaml = root.resolve(Config.FILE_NAME);
      Optional<String> yamlText = RepositoryFiles.readSupplied(root, yaml);
      if (yamlText.isPresent()) {
        return Config.parse(yaml.toString(), yamlText.get());
      }
      Path toml = root.resolve(GitleaksConfig.FILE_NAME);
      Optional<String> tomlText = RepositoryFiles.readSupplied(root, toml);
      if (tomlText.isPresent()) {
        // It may extend only files inside that tree, too.
        return GitleaksConfig.parse(toml, tomlText.get(), root);
      }
    }
    return Config.DEFAULT;
  }

  /**
   * Reads a config file the user named: gitleaks TOML when the name ends in {@code .toml}, leakstop
   * YAML otherwise.
   */
  public static Config load(Path file) {
    String text = RepositoryFiles.readNamed(file);
    if (file.getFileName() != null
        && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml")) {
      return GitleaksConfig.parse(file, text);
    }
    return Config.parse(file.toString(), text);
  }
}
