package io.leakstop.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The YAML files of a folder built into leakstop (the rule catalogue, the issuer catalogue), read
 * from the jar or, in a build tree, from the classes directory. Only built-in folders: nothing a
 * scanned repository supplies is ever listed here.
 */
public final class ResourceDirectory {
  private ResourceDirectory() {}

  /**
   * The names of the {@code .yaml} files directly in {@code dir} (a class-path folder ending in
   * {@code /}), in name order.
   *
   * @param what how errors name the folder ("the rule catalogue")
   */
  public static List<String> yamlNames(ClassLoader loader, String dir, String what) {
    URL url = loader.getResource(dir);
    if (url == null) {
      throw new IllegalStateException(what + " is missing from the class path");
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          return jar.stream()
              .map(JarEntry::getName)
              .filter(n -> n.startsWith(dir) && n.endsWith(".yaml"))
              .map(n -> n.substring(dir.length()))
              .filter(n -> !n.contains("/"))
              .sorted()
              .toList();
        }
      }
      return yamlNamesIn(path(url));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> yamlNamesIn(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  static Path path(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
