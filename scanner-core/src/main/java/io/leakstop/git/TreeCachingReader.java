package io.leakstop.git;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * An object reader that keeps recently read trees inflated. Walking history diffs each commit's
 * trees against its parent's, and then the parent's against the grandparent's: without this every
 * changed tree is inflated and rebuilt from its delta chain twice, which was a third of the walk.
 * Not thread-safe, like the reader it wraps.
 */
final class TreeCachingReader extends ObjectReader.Filter {
  private final ObjectReader delegate;
  private final long limitBytes;
  private long bytes;
  private final LinkedHashMap<ObjectId, byte[]> trees = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ObjectId, byte[]> eldest) {
      if (bytes <= limitBytes) {
        return false;
      }
      bytes -= eldest.getValue().length;
      return true;
    }
  };

  TreeCachingReader(ObjectReader delegate, long limitBytes) {
    this.delegate = delegate;
    this.limitBytes = limitBytes;
  }

  @Override
  protected ObjectReader delegate() {
    return delegate;
  }

  @Override
  public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
    if (typeHint != Constants.OBJ_TREE) {
      return delegate.open(id, typeHint);
    }
    byte[] tree = trees.get(id);
    if (tree == null) {
      tree = delegate.open(id, typeHint).getCachedBytes();
      bytes += tree.length;
      trees.put(id.copy(), tree);
    }
    return new ObjectLoader.SmallObject(Constants.OBJ_TREE, tree);
  }
}
