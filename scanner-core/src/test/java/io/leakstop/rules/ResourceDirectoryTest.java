package io.leakstop.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in folder's YAML files read in one go are the files the class loader gives by name, from
 * a jar as from a classes directory.
 */
class ResourceDirectoryTest {
  private static final String DIR = "io/leakstop/test/catalogue/";

  /** Entries in no name order, with files that are not the folder's own YAML. */
  private static final Map<String, String> ENTRIES =
      Map.of(
          DIR + "zeta.yaml",
          "issuer: zeta\n",
          DIR + "acme.yaml",
          "issuer: acme\nname: \u00e9\n",
          DIR + "notes.txt",
          "not yaml\n",
          DIR + "nested/inner.yaml",
          "issuer: inner\n",
          "io/leakstop/test/other.yaml",
          "issuer: other\n");

  @TempDir Path temp;

  @Test
  void filesFromAJarAreTheFilesTheClassLoaderGivesByName() throws IOException {
    Path jar = temp.resolve("c.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // Folder entries, as a jar Maven builds has them (the folder is found by its entry).
      for (String folder :
          List.of("io/", "io/leakstop/", "io/leakstop/test/", DIR, DIR + "nested/")) {
        out.putNextEntry(new JarEntry(folder));
        out.closeEntry();
      }
      for (Map.Entry<String, String> entry : ENTRIES.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    assertReadAsByName(jar.toUri().toURL());
  }

  @Test
  void filesFromAClassesDirectoryAreTheFilesTheClassLoaderGivesByName() throws IOException {
    Path classes = temp.resolve("classes");
    for (Map.Entry<String, String> entry : ENTRIES.entrySet()) {
      Path file = classes.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, entry.getValue());
    }
    assertReadAsByName(classes.toUri().toURL());
  }

  private static void assertReadAsByName(URL classPath) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath}, null)) {
      Map<String, byte[]> files = ResourceDirectory.yamlFiles(loader, DIR, "the test catalogue");
      List<String> names = ResourceDirectory.yamlNames(loader, DIR, "the test catalogue");
      assertEquals(List.of("acme.yaml", "zeta.yaml"), names);
      assertEquals(names, new ArrayList<>(files.keySet()));
      for (String name : names) {
        try (InputStream in = loader.getResourceAsStream(DIR + name)) {
          assertArrayEquals(in.readAllBytes(), files.get(name), name);
        }
      }
    }
  }
}
