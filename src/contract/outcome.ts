/**
 * Every run ends in exactly one outcome (DESIGN.md, "Outcomes"). The table gives each kind its title
 * and the code BRIEF.md §6.2 uses, so adding a kind fails to compile until it is described.
 */

export type OutcomeKind =
  | 'ok'
  | 'refused'
  | 'hang'
  | 'wild-exec'
  | 'stale-icache'
  | 'multi-entry'
  | 'cpu-lost'
  | 'corruption';

export interface OutcomeInfo {
  readonly title: string;
  /** BRIEF.md §6.2's code for it. */
  readonly bracket: string;
  /** A failure is a finding when another strategy succeeds; ok and refused are answers, not bugs. */
  readonly failure: boolean;
}

export const outcomeInfo: Readonly<Record<OutcomeKind, OutcomeInfo>> = {
  ok: { title: 'the new kernel booted with every CPU', bracket: 'BOOT', failure: false },
  refused: { title: 'kexec_load refused this platform', bracket: 'REFUSED', failure: false },
  hang: { title: 'stuck', bracket: 'HANG-IPI/HANG-NOJUMP', failure: true },
  'wild-exec': { title: 'a CPU executed words that are not its code', bracket: 'WILD', failure: true },
  'stale-icache': { title: 'a CPU executed stale I-cache contents', bracket: 'STALE-I', failure: true },
  'multi-entry': {
    title: 'more than one CPU ran the relocation stub or the boot path',
    bracket: 'MULTI',
    failure: true,
  },
  'cpu-lost': { title: 'the new kernel booted but lost CPUs', bracket: 'BOOT-LOST', failure: true },
  corruption: { title: 'the new image or a crash note was damaged', bracket: 'CORRUPT', failure: true },
};

export const outcomeKinds = Object.keys(outcomeInfo) as OutcomeKind[];

/** What a stuck CPU waits on, read from the `wait_<what>` label its pc is in. */
export interface Wait {
  readonly cpu: number;
  readonly on: string;
  readonly where: string;
}

export interface Outcome {
  readonly kind: OutcomeKind;
  /** The CPU where it happened (the first stuck CPU for a hang), or null. */
  readonly cpu: number | null;
  readonly routine: string | null;
  readonly label: string | null;
  readonly step: number | null;
  readonly waits: readonly Wait[];
  /**
   * Where the mechanism is, normalized for the signature (no addresses, no CPU numbers): the routine it
   * happened in, and for kinds with no routine what tells their mechanisms apart (a hang's frames and the
   * CPU blocking it, the place a lost CPU ended, which record was damaged, which entry ran twice).
   */
  readonly site: string;
  /** One line for humans. */
  readonly title: string;
}
