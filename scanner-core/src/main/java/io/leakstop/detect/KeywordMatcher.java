package io.leakstop.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds every occurrence of many keywords in one pass over bytes, ignoring ASCII case: an
 * Aho-Corasick automaton compiled into a dense DFA over byte classes. Bytes that occur in no
 * keyword share one class, which keeps the table small enough to stay in cache; the inner loop is
 * two loads per byte.
 */
final class KeywordMatcher {
  /** Receives keyword hits as they are found. */
  interface Hits {
    /** {@code keyword} ends just before {@code end} (exclusive). */
    void hit(int keyword, int end);
  }

  /** Byte → class; class 0 is every byte that occurs in no keyword. */
  private final int[] classOf = new int[256];

  private final int classes;

  /**
   * Transition table indexed by {@code state * classes + class}. Entries hold the next state
   * already multiplied by {@code classes}; an entry is bit-inverted (negative) when the next state
   * emits keywords.
   */
  private final int[] delta;

  private final int[][] outputs;
  private final int[] lengths;

  KeywordMatcher(List<String> keywords) {
    lengths = new int[keywords.size()];
    byte[][] bytes = new byte[keywords.size()][];
    for (int k = 0; k < keywords.size(); k++) {
      bytes[k] = keywords.get(k).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      lengths[k] = bytes[k].length;
    }
    // Byte classes first, so that the automaton is built over a few dozen classes rather than 256
    // byte values (it is built on every start, a pre-commit run included): one class per byte
    // value used by a keyword, upper and lower case sharing it; class 0 for all the others.
    boolean[] used = new boolean[256];
    for (byte[] keyword : bytes) {
      for (byte b : keyword) {
        used[fold(b & 0xff)] = true;
      }
    }
    int count = 1;
    for (int c = 0; c < 256; c++) {
      if (used[c] && fold(c) == c) {
        classOf[c] = count++;
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32];
    }
    classes = count;

    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    trie.add(newRow(classes));
    out.add(new ArrayList<>());
    for (int k = 0; k < bytes.length; k++) {
      int state = 0;
      for (byte b : bytes[k]) {
        int c = classOf[b & 0xff];
        if (trie.get(state)[c] < 0) {
          trie.get(state)[c] = trie.size();
          trie.add(newRow(classes));
          out.add(new ArrayList<>());
        }
        state = trie.get(state)[c];
      }
      out.get(state).add(k);
    }
    int states = trie.size();
    int[] fail = new int[states];
    int[][] go = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    go[0] = new int[classes];
    for (int c = 0; c < classes; c++) {
      int next = trie.get(0)[c];
      go[0][c] = next < 0 ? 0 : next;
      if (next > 0) {
        queue.add(next);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      out.get(state).addAll(out.get(fail[state]));
      go[state] = new int[classes];
      for (int c = 0; c < classes; c++) {
        int next = trie.get(state)[c];
        if (next >= 0) {
          fail[next] = go[fail[state]][c];
          go[state][c] = next;
          queue.add(next);
        } else {
          go[state][c] = go[fail[state]][c];
        }
      }
    }
    outputs = new int[states][];
    delta = new int[states * classes];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    for (int s = 0; s < states; s++) {
      for (int c = 0; c < classes; c++) {
        int next = go[s][c];
        int entry = next * classes;
        delta[s * classes + c] = outputs[next].length > 0 ? ~entry : entry;
      }
    }
  }

  private static int fold(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static int[] newRow(int width) {
    int[] row = new int[width];
    Arrays.fill(row, -1);
    return row;
  }

  int keywordLength(int keyword) {
    return lengths[keyword];
  }

  void scan(byte[] data, int from, int to, Hits hits) {
    final int[] table = delta;
    final int[] classes = classOf;
    int state = 0;
    for (int i = from; i < to; i++) {
      int entry = table[state + classes[data[i] & 0xff]];
      if (entry < 0) {
        entry = ~entry;
        for (int keyword : outputs[entry / this.classes]) {
          hits.hit(keyword, i + 1);
        }
      }
      state = entry;
    }
  }
}
