/**
 * The choices that distinguish the competing designs (BRIEF.md §6.1). A strategy is a set of these
 * plus which platforms it refuses; the kernel routines read them when they are built.
 */
export interface KernelOptions {
  /**
   * What machine_shutdown does on a normal kexec: `hook-only` (v4.17–4.19 and the v4 series: only the
   * platform's hook, so secondaries keep running) or `ipi-offline` (4.20: IPI kexec_shutdown_secondary
   * and wait, with no timeout, until only this CPU is online).
   */
  readonly shutdown: 'hook-only' | 'ipi-offline';
  /** Secondaries (and the reboot CPU) mark themselves offline before disabling interrupts. */
  readonly markOffline: boolean;
  /**
   * The writer's cache maintenance in machine_kexec: `flush-cache-all` (legacy, 4.20),
   * `flush-cache-all+l2` (Paul: "flush its dcache (& the L2)"), or `local-icache-range` over the
   * control page (v4 patch 4).
   */
  readonly writerFlush: 'flush-cache-all' | 'flush-cache-all+l2' | 'local-icache-range';
  /**
   * What every CPU does once kexec_ready_to_reboot is set: `jump` (legacy: the reboot CPU jumps into the
   * control page, the others into the relocated kexec_smp_wait), `kexec-this-cpu` (v4: CPU0 jumps,
   * the others call play_dead) or `kexec-reboot` (4.20: CPU0 jumps, the others call kexec_nonboot_cpu).
   */
  readonly afterFlag: 'jump' | 'kexec-this-cpu' | 'kexec-reboot';
  /** Cache maintenance CPU0 does on itself before jumping into the control page. */
  readonly cpu0Flush: 'none' | 'local-icache' | 'local-icache+scache-inv' | 'local-icache+scache-wbinv';
  /** kexec_reboot marks the CPU online again first (the 4.20 follow-up for crash tools). */
  readonly remarkOnline: boolean;
  /**
   * What a secondary in kexec_reboot does when the stop callback returns (a power-down that failed):
   * `fall-through` (4.20: past the "NOTREACHED" comment into CPU0's path, S10) or `panic` (a helper shared
   * with play_dead, as Paul proposed for (d): "Failed to offline CPU", then it stays online with IRQs off).
   * Optional in a strategy module, where it defaults to `fall-through`.
   */
  readonly stopReturns: 'fall-through' | 'panic';
}

/**
 * Every value each KernelOptions field may take, in one table: the strategy-module loader validates against
 * it and `kexfuzz strategies` shows it. `satisfies` rejects a value KernelOptions does not have.
 */
export const kernelOptionValues = {
  shutdown: ['hook-only', 'ipi-offline'],
  markOffline: [false, true],
  writerFlush: ['flush-cache-all', 'flush-cache-all+l2', 'local-icache-range'],
  afterFlag: ['jump', 'kexec-this-cpu', 'kexec-reboot'],
  cpu0Flush: ['none', 'local-icache', 'local-icache+scache-inv', 'local-icache+scache-wbinv'],
  remarkOnline: [false, true],
  stopReturns: ['fall-through', 'panic'],
} as const satisfies { readonly [K in keyof KernelOptions]: readonly KernelOptions[K][] };

export type KernelOptionName = keyof typeof kernelOptionValues;

/** Options added after strategy modules were first written: a module may leave them out and gets these. */
export const kernelOptionDefaults = { stopReturns: 'fall-through' } as const satisfies Partial<KernelOptions>;

/** KernelOptions as a strategy module writes them: the options in `kernelOptionDefaults` may be left out. */
export type KernelOptionsInput = Omit<KernelOptions, keyof typeof kernelOptionDefaults> & Partial<KernelOptions>;
export const kernelOptionNames = Object.keys(kernelOptionValues) as KernelOptionName[];

// The other direction: this fails to compile when KernelOptions gains a field or a value the table lacks.
type MissingOptionValue = {
  [K in keyof KernelOptions]: Exclude<KernelOptions[K], (typeof kernelOptionValues)[K][number]>;
}[keyof KernelOptions];
const tableIsComplete: [MissingOptionValue] extends [never] ? true : { missing: MissingOptionValue } = true;
void tableIsComplete;
