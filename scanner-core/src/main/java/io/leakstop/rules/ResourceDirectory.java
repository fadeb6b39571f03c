package io.leakstop.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * The {@code .yaml} files directly in {@code dir}, by name in name order, each read whole: from a
   * jar in one pass over its entries. Asking the class loader for each file by name instead looks
   * for it in every module of the JDK first, which for the issuer catalogue's hundreds of files was
   * most of reading them.
   *
   * @param what how errors name the folder ("the issuer catalogue")
   */
  public static Map<String, byte[]> yamlFiles(ClassLoader loader, String dir, String what) {
    URL url = loader.getResource(dir);
    if (url == null) {
      throw new IllegalStateException(what + " is missing from the class path");
    }
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith(dir)
                && name.endsWith(".yaml")
                && name.indexOf('/', dir.length()) < 0) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(name.substring(dir.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path folder = path(url);
        for (String name : yamlNamesIn(folder)) {
          files.put(name, Files.readAllBytes(folder.resolve(name)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LinkedHashMap<>(files);
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
