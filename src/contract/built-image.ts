/**
 * What building a world tells the oracle about the memory it laid out: the kernel builds these, the oracle
 * checks the end of a run against them.
 */

/** A segment of the new image as kexec_load was given it. */
export interface SegmentContents {
  readonly base: number;
  readonly words: Int32Array;
}

/** Where each CPU's crash note lives (`base + stride × cpu`) and the word a saved one starts with. */
export interface CrashNotes {
  readonly base: number;
  readonly stride: number;
  readonly magic: number;
}
