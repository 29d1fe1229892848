/**
 * The words kernel routines and the oracle share: provenance tags for what wrote a word, and mark ids
 * for milestones. The oracle receives these as data (it never imports kernel/).
 *
 * Spin loops are labelled `wait_<what>` (e.g. `wait_ipi_ack`), so a stuck CPU's pc names what it waits on.
 */

export const tags = {
  OLD_TEXT: 1,
  OLD_DATA: 2,
  CONTROL_PAGE: 3,
  NEW_IMAGE: 4,
  LOW_MEMORY: 5,
  CRASH_NOTE: 6,
  NEW_DATA: 7,
} as const;
export type TagName = keyof typeof tags;

export const marks = {
  /** A CPU started executing relocate_new_kernel. */
  RELOCATE: 1,
  /** A CPU entered the new kernel's kernel_entry. */
  NEW_ENTRY: 2,
  /** A CPU runs the new kernel's boot path (start_kernel). */
  NEW_BOOT: 3,
  /** A secondary checked in with the new kernel (arg: its CPU number). */
  SECONDARY_UP: 4,
  /** The new kernel gave up waiting for a secondary (arg: the CPU). */
  BOOT_TIMEOUT: 5,
  /** The new kernel finished bringing CPUs up. */
  BOOT_DONE: 6,
  /** The new kernel found a crash note missing or wrong (arg: the CPU). */
  NOTE_LOST: 7,
  /** A CPU panicked in the old kernel ("Failed to offline CPU", a second panic). */
  PANIC: 8,
  /** The reboot/crash CPU reached machine_kexec. */
  MACHINE_KEXEC: 9,
  /** A CPU saved its registers into its crash note. */
  NOTE_SAVED: 10,
} as const;
export type MarkName = keyof typeof marks;

/** Exit code the new kernel passes to the exit device once it booted. */
export const BOOTED_EXIT = 0;

/** kimage entry flags (relocate_kernel.S): entries are `address << 4 | flag`. */
export const kimage = {
  DESTINATION: 1,
  INDIRECTION: 2,
  DONE: 4,
  SOURCE: 8,
} as const;

/** Words per page in the kexec copy (4 KiB pages of 32-bit words). */
export const PAGE_WORDS = 1024;
