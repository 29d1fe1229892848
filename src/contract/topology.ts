/**
 * Platform names and the topologies each can have (BRIEF.md §2, §6.2 columns P1–P8).
 * The scenario codec validates against this table; the per-platform behaviour lives beside it.
 */

export const platformNames = ['cps', 'octeon', 'loongson3', 'bmips43xx', 'bmips5000', 'cmp'] as const;
export type PlatformName = (typeof platformNames)[number];

/** A platform toggle a scenario may set in `features`; its default may depend on the topology. */
export interface FeatureSpec {
  readonly description: string;
  readonly defaultFor: (topology: { readonly cores: number; readonly threadsPerCore: number }) => boolean;
}

export interface TopologyLimits {
  readonly minCores: number;
  readonly maxCores: number;
  /** Hardware threads (VPs, TCs, BMIPS thread processors) per core the platform can have. */
  readonly threadsPerCore: readonly number[];
  readonly defaultCores: number;
  readonly defaultThreadsPerCore: number;
  readonly features: Readonly<Record<string, FeatureSpec>>;
  /**
   * Combinations of topology and toggles the platform cannot have, which the ranges above cannot express.
   * Gets every toggle filled (given or default); returns a sentence saying what is wrong, or undefined.
   */
  readonly checkFeatures?: (
    topology: { readonly cores: number; readonly threadsPerCore: number },
    features: Readonly<Record<string, boolean>>,
  ) => string | undefined;
  /**
   * Why no CPU of this board can be hot-unplugged (`faults.offlineBefore` must be empty), or undefined when
   * the platform's cpu_disable takes CPUs offline. Gets every toggle filled.
   */
  readonly refusesHotUnplug?: (features: Readonly<Record<string, boolean>>) => string | undefined;
}

/**
 * The most CPUs a board may have: NR_CPUS of the model's kernel. Its cpumasks are 32-bit words, as many as the
 * board needs (two beyond 32 CPUs), and the machine's per-line presence and watcher sets likewise.
 */
export const maxCpus = 64;

/** BMIPS's cold boot of a thread, named as each core calls it: whether it restarts a thread that never stopped. */
function resetsRunningThread(how: string): FeatureSpec {
  return {
    description: `the cold boot's thread reset (${how}) also restarts a thread that is running or in wait (unverified; off: it is ignored)`,
    defaultFor: () => false,
  };
}

export const topologyLimits: Readonly<Record<PlatformName, TopologyLimits>> = {
  // interAptiv/1004K (MT), I6400/I6500 (VP), proAptiv/P5600 (neither): smp-cps.c.
  cps: {
    minCores: 1,
    maxCores: 4,
    threadsPerCore: [1, 2, 4],
    defaultCores: 2,
    defaultThreadsPerCore: 2,
    features: {
      mt: { description: 'MIPS MT: sibling TCs halt with TCHalt', defaultFor: () => false },
      vp: {
        description: 'multi-VP cores (R6 I6x00): VP_STOP/VP_RUN through the CPC',
        defaultFor: (t) => t.threadsPerCore > 1,
      },
      powerGating: {
        description: 'the CPC can power-gate a core (cps_pm_enter_state succeeds)',
        defaultFor: () => true,
      },
      cpc: { description: 'a cluster power controller is present to reset cores', defaultFor: () => true },
      icFillsFromDc: { description: 'cpu_has_ic_fills_f_dc (true on I6x00)', defaultFor: (t) => t.threadsPerCore > 1 },
      icacheSnoopsRemoteStore: {
        description: 'cpu_icache_snoops_remote_store (true on I6x00)',
        defaultFor: (t) => t.threadsPerCore > 1,
      },
      restartsRunningSibling: {
        description:
          'VP_RUN / TC restart also restarts a boot-core sibling that is still running or in wait (unverified; off: it is ignored)',
        defaultFor: () => false,
      },
    },
    // A cps core runs several CPUs only as MT TCs (interAptiv) or as VPs (I6x00), and MT is a pre-R6 ASE while
    // VPs are R6, so no core has both (mips_cps_numvps in asm/mips-cps.h counts one or the other, else 1 CPU).
    checkFeatures: (t, f) => {
      if (f['mt'] && f['vp']) {
        return 'a CPS core has MIPS MT or multiple VPs, not both, but "features.mt" and "features.vp" were both true';
      }
      if (t.threadsPerCore > 1 && !f['mt'] && !f['vp']) {
        return 'a CPS core runs more than one CPU only as MIPS MT TCs or as VPs, so "features.mt" or "features.vp" must be true, but both were false';
      }
      // Power gating is a CPC command (cps_pm_enter_state writes the CPC's power-down request).
      if (f['powerGating'] && !f['cpc']) {
        return 'power gating is done by the cluster power controller, so "features.powerGating" needs "features.cpc", but the CPC was absent';
      }
      return undefined;
    },
    // cps_cpu_disable(): -EINVAL for a core without power-gating support (BRIEF §3, hotplug).
    refusesHotUnplug: (f) =>
      f['powerGating'] ? undefined : 'cps_cpu_disable refuses a core without power gating (-EINVAL)',
  },
  octeon: {
    minCores: 1,
    // CN78XX: 48 cnMIPS cores.
    maxCores: 48,
    threadsPerCore: [1],
    defaultCores: 4,
    defaultThreadsPerCore: 1,
    features: {},
  },
  loongson3: {
    minCores: 1,
    maxCores: 8,
    threadsPerCore: [1],
    defaultCores: 4,
    defaultThreadsPerCore: 1,
    features: {},
  },
  // BMIPS4350/4380: one core, two thread processors sharing the L1.
  bmips43xx: {
    minCores: 1,
    maxCores: 1,
    threadsPerCore: [2],
    defaultCores: 1,
    defaultThreadsPerCore: 2,
    features: { resetsRunningThread: resetsRunningThread('cmt_ctrl reset of TP1') },
  },
  bmips5000: {
    minCores: 1,
    maxCores: 4,
    threadsPerCore: [2],
    defaultCores: 2,
    defaultThreadsPerCore: 2,
    features: { resetsRunningThread: resetsRunningThread('ACTION_BOOT_THREAD') },
  },
  // smp-cmp / vsmp and friends: no kexec_nonboot_cpu callback (BRIEF.md §2.5).
  cmp: {
    minCores: 1,
    maxCores: 4,
    threadsPerCore: [1, 2],
    defaultCores: 2,
    defaultThreadsPerCore: 1,
    features: {},
    // smp-cmp gives no cpu_disable/cpu_die: CPU hotplug cannot take a CPU down.
    refusesHotUnplug: () => 'smp-cmp has no cpu_disable, so no CPU can be hot-unplugged',
  },
};
