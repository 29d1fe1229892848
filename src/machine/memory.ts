/**
 * Word-addressed physical memory, with a provenance tag per word and two shadows the caches never see:
 * `latest`, the value of the last store to each word by anyone (what a fully coherent machine would
 * hold), and `exec`, which words were executed. The caches may hold other values than `words`; the
 * difference between what a CPU fetches and `latest` is exactly a stale fetch.
 */

/** Provenance tag 0: nothing has written this word since reset. */
export const TAG_NONE = 0;

/** exec flag bits */
export const EXEC_SINCE_WRITE = 1; // executed since the last store that changed it
export const EXEC_EVER = 2;

/** Words per page of the dirty list: reset clears only the pages a run wrote. */
const PAGE_SHIFT = 10;

export class Memory {
  readonly size: number;
  /** What the memory array itself holds (behind the caches). */
  readonly words: Int32Array;
  readonly tags: Uint8Array;
  /** The last value stored to each word, cached or not: the coherent truth. */
  readonly latest: Int32Array;
  readonly latestTags: Uint8Array;
  readonly exec: Uint8Array;
  /**
   * Pages written since the last reset, so that a machine reused for the next run clears only those: zeroing
   * every array each run costs more than most runs, and two workers doing it contend for the caches.
   */
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;

  constructor(size: number) {
    this.size = size;
    this.words = new Int32Array(size);
    this.tags = new Uint8Array(size);
    this.latest = new Int32Array(size);
    this.latestTags = new Uint8Array(size);
    this.exec = new Uint8Array(size);
    const pages = (size + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT;
    this.dirty = new Uint8Array(pages);
    this.dirtyList = new Int32Array(pages);
  }

  /** Notes that the word at `address` (any of its arrays) is about to change. */
  touch(address: number): void {
    const page = address >> PAGE_SHIFT;
    if (this.dirty[page] === 1) return;
    this.dirty[page] = 1;
    this.dirtyList[this.dirtyCount++] = page;
  }

  /** Notes a range of words about to change. */
  touchRange(base: number, words: number): void {
    for (let page = base >> PAGE_SHIFT; page <= (base + words - 1) >> PAGE_SHIFT; page++)
      this.touch(page << PAGE_SHIFT);
  }

  reset(): void {
    for (let i = 0; i < this.dirtyCount; i++) {
      const page = this.dirtyList[i]!;
      const from = page << PAGE_SHIFT;
      const to = Math.min(this.size, from + (1 << PAGE_SHIFT));
      this.words.fill(0, from, to);
      this.tags.fill(0, from, to);
      this.latest.fill(0, from, to);
      this.latestTags.fill(0, from, to);
      this.exec.fill(0, from, to);
      this.dirty[page] = 0;
    }
    this.dirtyCount = 0;
  }

  /** A bootloader or DMA write straight into memory, before the run: no cache sees it. */
  load(base: number, values: Int32Array | readonly number[], tag: number): void {
    if (base < 0 || base + values.length > this.size) {
      throw new RangeError(`load of ${values.length} words at ${base} does not fit in ${this.size} words of memory`);
    }
    if (values.length === 0) return;
    this.touchRange(base, values.length);
    // Bulk copies: a world's loads are tens of thousands of words, every run.
    const words = values instanceof Int32Array ? values : Int32Array.from(values, (v) => v | 0);
    this.words.set(words, base);
    this.latest.set(words, base);
    this.tags.fill(tag, base, base + words.length);
    this.latestTags.fill(tag, base, base + words.length);
  }

  /** True when `words` was ever executed, whatever happened to it since. */
  wasExecuted(address: number): boolean {
    return (this.exec[address]! & EXEC_EVER) !== 0;
  }
}
