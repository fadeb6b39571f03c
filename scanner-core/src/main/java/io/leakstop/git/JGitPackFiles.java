package io.leakstop.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The one place that names JGit's non-API classes ({@code org.eclipse.jgit.internal.storage.file}):
 * which pack files a repository has and their indexes, for {@link PackObjects} to read the packs
 * themselves. JGit marks these classes internal and may change them in any release; if an upgrade
 * breaks this file, {@link ObjectReading#JGIT} ({@code LEAKSTOP_OBJECT_READER=jgit}) scans through
 * JGit's public {@code ObjectReader} alone until it is mended.
 */
final class JGitPackFiles {
  private JGitPackFiles() {}

  /** A pack file of the repository; its index is read when asked for. */
  interface PackFile {
    Path file();

    /**
     * @throws IOException if the index cannot be read (missing, damaged, of another pack)
     */
    Index index() throws IOException;
  }

  /** A pack's index: where each object it holds starts in the pack file. */
  interface Index {
    /** The offset of {@code id} in the pack, or -1 when the pack does not hold it. */
    long findOffset(AnyObjectId id);

    /** The checksum of the whole pack file, as the index records it. */
    byte[] packChecksum();

    long objectCount();

    /**
     * Hands every object of the pack to {@code entries}, in id order; the id is reused between
     * calls.
     */
    void forEach(Entries entries);
  }

  /** Receives a pack index's entries. */
  @FunctionalInterface
  interface Entries {
    void accept(AnyObjectId id, long offset);
  }

  /** The object folder of a repository stored as files ({@code .git/objects}), if it is one. */
  static Optional<Path> objectsDirectory(Repository repo) {
    return repo.getObjectDatabase() instanceof ObjectDirectory directory
        ? Optional.of(directory.getDirectory().toPath())
        : Optional.empty();
  }

  /** The pack files JGit found in the repository's own object folder (not its alternates). */
  static List<PackFile> packs(Repository repo) {
    List<PackFile> out = new ArrayList<>();
    if (repo.getObjectDatabase() instanceof ObjectDirectory directory) {
      for (Pack pack : directory.getPacks()) {
        out.add(
            new PackFile() {
              @Override
              public Path file() {
                return pack.getPackFile().toPath();
              }

              @Override
              public Index index() throws IOException {
                PackIndex index = pack.getIndex();
                return new Index() {
                  @Override
                  public long findOffset(AnyObjectId id) {
                    return index.findOffset(id);
                  }

                  @Override
                  public byte[] packChecksum() {
                    return index.getChecksum();
                  }

                  @Override
                  public long objectCount() {
                    return index.getObjectCount();
                  }

                  @Override
                  public void forEach(Entries entries) {
                    MutableObjectId id = new MutableObjectId();
                    for (PackIndex.MutableEntry entry : index) {
                      entry.copyOidTo(id);
                      entries.accept(id, entry.getOffset());
                    }
                  }
                };
              }
            });
      }
    }
    return out;
  }
}
