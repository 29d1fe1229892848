/**
 * Invariants every platform must keep, written once and looped over `platforms` (6502.ts testMain.ts style),
 * then the per-platform differences the brief predicts, each named with its reason. Platform code is assembled
 * on its own (kernel symbols resolved to a dummy address) so the checks read exactly what the platform emits.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kernelSymbols, type PlatformCode, type PlatformContext } from '../../src/contract/platform.js';
import type { ScenarioInput } from '../../src/contract/scenario.js';
import { type PlatformName, platformNames, topologyLimits } from '../../src/contract/topology.js';
import { cpumaskIdioms } from '../../src/kernel/macros.js';
import { Assembler, type Program } from '../../src/machine/asm.js';
import { JUMP_REGION_MASK, op } from '../../src/machine/isa.js';
import { platforms } from '../../src/platforms/index.js';
import { runStrategy } from '../../src/run/run-strategy.js';
import { validateScenario } from '../../src/scenario/codec.js';
import { fillFeatures } from '../../src/scenario/defaults.js';
import { strategyByName } from '../../src/strategies/index.js';

/** Resolves any symbol the program does not define to one address, and records which were asked for. */
class AnySymbol extends Map<string, number> {
  readonly asked = new Set<string>();
  override get(name: string): number {
    this.asked.add(name);
    return 0x100;
  }
}

interface Emitted {
  readonly program: Program;
  readonly externals: ReadonlySet<string>;
}

function assemble(emit: (a: Assembler) => void): Emitted {
  const a = new Assembler(0x1000);
  emit(a);
  const externals = new AnySymbol();
  return { program: a.assemble(externals), externals: externals.asked };
}

/** Every topology the platform allows, with its default toggles, on both paths. */
function contexts(name: PlatformName): PlatformContext[] {
  const limits = topologyLimits[name];
  const out: PlatformContext[] = [];
  for (let cores = limits.minCores; cores <= limits.maxCores; cores++) {
    for (const threadsPerCore of limits.threadsPerCore) {
      if (cores * threadsPerCore > 16) continue;
      const features = fillFeatures(name, { cores, threadsPerCore }, undefined);
      for (const path of ['kexec', 'kdump'] as const) {
        out.push({
          cpus: cores * threadsPerCore,
          cores,
          threadsPerCore,
          features,
          path,
          lowMemory: 0x80,
          cpumask: cpumaskIdioms(cores * threadsPerCore),
        });
      }
    }
  }
  return out;
}

function defaultContext(name: PlatformName): PlatformContext {
  const l = topologyLimits[name];
  const topology = { cores: l.defaultCores, threadsPerCore: l.defaultThreadsPerCore };
  const features = fillFeatures(name, topology, undefined);
  const cpus = topology.cores * topology.threadsPerCore;
  return { cpus, ...topology, features, path: 'kdump', lowMemory: 0x80, cpumask: cpumaskIdioms(cpus) };
}

function routines(p: Program): Set<string> {
  return new Set(p.symbols.filter((s) => s.label === null).map((s) => s.routine));
}

const branchOps: ReadonlySet<number> = new Set([op.BEQ, op.BNE, op.BLEZ, op.BGTZ, op.BLTZ, op.BGEZ]);

interface Loop {
  /** `routine.label` of the loop head. */
  readonly head: string;
  readonly hasPause: boolean;
  readonly hasWait: boolean;
  /** Reads memory and writes none: it polls for a store by someone else. */
  readonly polls: boolean;
}

/** Every backward branch or jump in a program is a loop from its target to itself. */
function loops(p: Program): Loop[] {
  const out: Loop[] = [];
  p.words.forEach((w, i) => {
    const pc = p.base + i;
    const code = (w >> 24) & 0xff;
    let target: number | null = null;
    if (branchOps.has(code)) target = pc + 1 + ((w << 16) >> 16);
    else if (code === op.J) target = (pc & JUMP_REGION_MASK) | (w & 0xffffff);
    if (target === null || target > pc || target < p.base) return;
    const body = Array.from(p.words.subarray(target - p.base, i + 1), (x) => (x >> 24) & 0xff);
    const writes = [op.SW, op.AMOADD, op.AMOOR, op.AMOAND, op.AMOSWAP, op.CPYL, op.CACHE] as number[];
    const at = p.symbols.filter((s) => s.address === target);
    const sym = at.find((s) => s.label !== null) ?? at[0];
    out.push({
      head: sym === undefined ? `0x${target.toString(16)}` : `${sym.routine}.${sym.label ?? ''}`,
      hasPause: body.includes(op.PAUSE),
      hasWait: body.includes(op.WAIT),
      polls: body.includes(op.LW) && !body.some((x) => writes.includes(x)),
    });
  });
  return out;
}

/**
 * Spin loops that are not waits: nothing another CPU (or the new kernel) does can release them, so a hang's
 * root must never be read from them (BRIEF.md §2.2, §2.5).
 */
const parkedForever: Partial<Record<PlatformName, Readonly<Record<string, string>>>> = {
  octeon: { 'play_dead.spin': 'while (1); /* core will be reset here */ — only octeon_cpu_die() resets it' },
  cmp: { 'play_dead.spin': 'wait with IRQs off: an IPI ends the wait but is never taken' },
};

/** BRIEF.md §4.2, per platform (CPS: its defaults; the I6x00 toggles are scenario features). */
const cacheFacts: Readonly<
  Record<
    PlatformName,
    { readonly icFillsFromDc: boolean; readonly icacheSnoopsRemoteStore: boolean; readonly hitOpsGlobal: boolean }
  >
> = {
  cps: { icFillsFromDc: true, icacheSnoopsRemoteStore: true, hitOpsGlobal: true }, // I6x00 (Paul), CM
  octeon: { icFillsFromDc: false, icacheSnoopsRemoteStore: false, hitOpsGlobal: false },
  loongson3: { icFillsFromDc: true, icacheSnoopsRemoteStore: true, hitOpsGlobal: false }, // "icache is coherent with dcache"
  bmips43xx: { icFillsFromDc: false, icacheSnoopsRemoteStore: true, hitOpsGlobal: false }, // BMIPS override
  bmips5000: { icFillsFromDc: true, icacheSnoopsRemoteStore: true, hitOpsGlobal: false }, // after the write buffers drain
  cmp: { icFillsFromDc: false, icacheSnoopsRemoteStore: false, hitOpsGlobal: false }, // cpu-features.h: embedded MP
};

for (const name of platformNames) {
  const platform = platforms[name];
  describe(`platform ${name}`, () => {
    test('is registered under its own name', () => {
      assert.equal(platform.name, name);
    });

    test('its cache facts are those of BRIEF.md §4.2', () => {
      const c = platform.coherence(defaultContext(name));
      const facts = cacheFacts[name];
      assert.equal(c.dCoherent, true, 'every SMP platform of the era keeps L1 D coherent between cores');
      assert.equal(c.icFillsFromDc, facts.icFillsFromDc, 'icFillsFromDc');
      assert.equal(c.icacheSnoopsRemoteStore, facts.icacheSnoopsRemoteStore, 'icacheSnoopsRemoteStore');
      assert.equal(c.hitOpsGlobal, facts.hitOpsGlobal, 'only a CPS coherence manager globalises hit ops');
    });

    test('its cache code agrees with its cache facts, for every topology', () => {
      for (const ctx of contexts(name)) {
        const c = platform.coherence(ctx);
        const code = platform.code(ctx);
        // Octeon: a write-through D-cache needs no flush, and synci 0($0) invalidates the whole I-cache.
        assert.equal(c.synciWholeICache, code.localIcacheFlush === 'synci', 'whole-cache synci ⇔ synci flushes');
        assert.equal(code.relocateFinalSync === 'synci', code.localIcacheFlush === 'synci', 'Octeon synci, both');
        assert.equal(c.dWriteThrough, code.flushCacheAll === 'octeon', 'write-through D ⇔ octeon_flush_icache_all');
        // A barrier instead of an I-cache flush is only safe where the I-cache refills from the D-cache.
        if (code.localIcacheFlush === 'barrier')
          assert.ok(c.icFillsFromDc, 'b5k_instruction_hazard needs ic-fills-f-dc');
        // A no-op __flush_cache_all is only safe where hardware keeps I coherent with every D.
        if (code.flushCacheAll === 'none') assert.ok(c.icFillsFromDc && c.icacheSnoopsRemoteStore, 'no-op flush');
        if (code.flushCacheAllL2)
          assert.equal(code.flushCacheAll, 'r4k', 'the L2 blast is part of r4k___flush_cache_all');
      }
    });

    test('it defines the routines its code claims, and references only kernel symbols of the contract', () => {
      for (const ctx of contexts(name)) {
        const code: PlatformCode = platform.code(ctx);
        const old = assemble((a) => code.emitOldKernel(a, ctx));
        const fresh = assemble((a) => code.emitNewKernel(a, ctx));
        const defined = routines(old.program);
        assert.ok(defined.has('play_dead'), 'play_dead');
        assert.equal(defined.has('kexec_nonboot_cpu'), code.hasKexecNonbootCpu, 'kexec_nonboot_cpu ⇔ claimed');
        assert.equal(defined.has('machine_kexec_shutdown_hook'), code.hasShutdownHook, 'shutdown hook ⇔ claimed');
        const newDefined = routines(fresh.program);
        assert.ok(newDefined.has('kernel_entry_setup') && newDefined.has('boot_secondary'), 'new-kernel routines');
        const allowedOld: ReadonlySet<string> = new Set(kernelSymbols.old);
        const allowedNew: ReadonlySet<string> = new Set(kernelSymbols.new);
        for (const s of old.externals) assert.ok(allowedOld.has(s), `old-kernel code uses ${s}, not in the contract`);
        for (const s of fresh.externals) assert.ok(allowedNew.has(s), `new-kernel code uses ${s}, not in the contract`);
        for (const [field, args] of [
          ['kexecArgs', code.kexecArgs],
          ['secondaryKexecArgs', code.secondaryKexecArgs],
        ] as const) {
          if (args !== undefined) assert.equal(args.length, 4, `${field} is a0–a3`);
        }
      }
    });

    test('every spin loop yields (pause or wait) and is labelled wait_<what> or documented as parked forever', () => {
      // A spin loop: one that yields, or polls memory for another CPU's store. Counted loops (cache index
      // walks, delays, bit counts) neither read nor yield.
      const documented = parkedForever[name] ?? {};
      const ctx = defaultContext(name);
      const code = platform.code(ctx);
      for (const emitted of [
        assemble((a) => code.emitOldKernel(a, ctx)),
        assemble((a) => code.emitNewKernel(a, ctx)),
      ]) {
        for (const loop of loops(emitted.program)) {
          const label = loop.head.split('.')[1] ?? '';
          const spins = loop.hasPause || loop.hasWait || loop.polls;
          if (!spins && !label.startsWith('wait_')) continue;
          assert.ok(loop.hasPause || loop.hasWait, `${loop.head} spins without cpu_relax`);
          assert.ok(
            label.startsWith('wait_') || loop.head in documented,
            `${loop.head} spins but is neither wait_<what> nor documented`,
          );
        }
      }
    });
  });
}

function run(strategy: string, input: Omit<ScenarioInput, 'version'>) {
  const s = strategyByName(strategy);
  assert.ok(s, strategy);
  return runStrategy(validateScenario({ version: 1, ...input }), s).outcome;
}

type Expectation = readonly [kind: string, why: string];

/** Each platform's default board, kdump crashing on its last CPU, under v4.20 (BRIEF.md §6.2 row "(e) kdump, c≠0"). */
const upstreamKdump: Readonly<Record<PlatformName, Expectation>> = {
  cps: ['ok', 'BOOT: halted VPs, CPC core reset in the capture kernel'],
  octeon: ['ok', 'BOOT: secondaries park in the capture kernel (a2 = 0)'],
  loongson3: ['multi-entry', 'MULTI⁵: kexec_nonboot_cpu_jump into an entry that parks nobody'],
  bmips43xx: ['multi-entry', 'MULTI⁶'],
  bmips5000: ['multi-entry', 'MULTI⁶'],
  cmp: ['refused', 'REFUSED: no kexec_nonboot_cpu in plat_smp_ops'],
};

/** v4's play_dead() in kdump with the crash on CPU0: is each platform's play_dead a place the capture kernel can start a CPU from? */
const playDeadKdump: Readonly<Record<PlatformName, Expectation>> = {
  cps: [
    'corruption',
    "S18, not the BOOT (tested) cell: the CPC reset of core 1 drops its halted VPs' dirty crash notes",
  ],
  octeon: ['cpu-lost', 'BOOT-LOST⁸: the old-kernel loop never sees the new octeon_processor_boot'],
  loongson3: ['ok', 'BOOT¹⁰: the uncached mailbox poll survives and the capture kernel writes the PC'],
  bmips43xx: ['cpu-lost', '?¹¹: the cold-boot start is ignored by a thread sitting in wait'],
  bmips5000: ['cpu-lost', '?¹¹: ACTION_BOOT_THREAD modelled as a start, ignored in wait'],
  cmp: ['cpu-lost', '?: amon_cpu_start cannot start a CPU that is not waiting in firmware'],
};

describe('BRIEF.md §6.2 per platform, default boards', () => {
  for (const name of platformNames) {
    const cpus = topologyLimits[name].defaultCores * topologyLimits[name].defaultThreadsPerCore;
    const [kind, why] = upstreamKdump[name];
    test(`upstream kdump on ${name} ends ${kind} and never hangs: ${why}`, () => {
      const outcome = run('upstream', { platform: name, path: 'kdump', crashCpu: cpus - 1 });
      assert.notEqual(outcome.kind, 'hang', outcome.title);
      assert.equal(outcome.kind, kind, outcome.title);
    });
    const [deadKind, deadWhy] = playDeadKdump[name];
    test(`v4-play-dead kdump on ${name} ends ${deadKind}: ${deadWhy}`, () => {
      const outcome = run('v4-play-dead', { platform: name, path: 'kdump' });
      assert.equal(outcome.kind, deadKind, outcome.title);
    });
  }

  test('Octeon legacy kexec boots: octeon_shutdown parks the secondaries and the new entry parks them again', () => {
    const outcome = run('legacy', { platform: 'octeon', path: 'kexec' });
    assert.equal(outcome.kind, 'ok', outcome.title);
  });

  test('Octeon legacy kdump runs kexec_smp_wait without a synci: stale I-cache lines for the control page (S16)', () => {
    const outcome = run('legacy', { platform: 'octeon', path: 'kdump', faults: { controlPagePrimed: true } });
    assert.equal(outcome.kind, 'stale-icache', outcome.title);
    assert.notEqual(outcome.cpu, 0, 'a secondary, which jumped without flushing');
  });

  test("Octeon upstream kdump flushes first (kexec_nonboot_cpu_jump's synci): the same primed page is harmless", () => {
    const outcome = run('upstream', { platform: 'octeon', path: 'kdump', faults: { controlPagePrimed: true } });
    assert.equal(outcome.kind, 'ok', outcome.title);
  });

  test('Octeon: a core hot-unplugged before a kdump stays in the old loop and is lost', () => {
    const outcome = run('upstream', { platform: 'octeon', path: 'kdump', faults: { offlineBefore: [2] } });
    assert.equal(outcome.kind, 'cpu-lost', outcome.title);
    assert.equal(outcome.cpu, 2);
  });

  test('Octeon: octeon_shutdown waits with no timeout for a secondary wedged with IRQs off', () => {
    const outcome = run('upstream', {
      platform: 'octeon',
      path: 'kexec',
      faults: { wedged: [{ cpu: 1, from: 0, steps: null }] },
    });
    assert.equal(outcome.kind, 'hang', outcome.title);
    assert.equal(outcome.routine, 'machine_kexec_shutdown_hook');
    assert.equal(outcome.label, 'wait_online_count');
  });

  test('Loongson-3: a hot-unplugged core polls uncached old text, which a normal kexec overwrites (S8)', () => {
    const outcome = run('upstream', { platform: 'loongson3', path: 'kexec', faults: { offlineBefore: [2] } });
    assert.equal(outcome.kind, 'wild-exec', outcome.title);
    assert.equal(outcome.routine, 'loongson3_play_dead');
  });

  test('BMIPS5000 legacy kdump on two cores: __flush_cache_all waits on the parked other core (HANG-IPI⁷)', () => {
    const outcome = run('legacy', { platform: 'bmips5000', path: 'kdump' });
    assert.equal(outcome.kind, 'hang', outcome.title);
    assert.equal(outcome.label, 'wait_ipi_ack');
  });

  test('BMIPS43xx legacy kdump: one core, no IPI, both threads enter the capture kernel (MULTI⁶)', () => {
    assert.equal(run('legacy', { platform: 'bmips43xx', path: 'kdump' }).kind, 'multi-entry');
  });

  test('cmp legacy kdump: HANG-IPI on two cores, MULTI on one core of two threads', () => {
    assert.equal(run('legacy', { platform: 'cmp', path: 'kdump' }).kind, 'hang');
    assert.equal(run('legacy', { platform: 'cmp', path: 'kdump', cores: 1, threadsPerCore: 2 }).kind, 'multi-entry');
  });
});

describe('BMIPS: a stray interrupt wakes a thread parked in play_dead (BRIEF.md §7 S7)', () => {
  const woken = (path: 'kexec' | 'kdump', at: number) =>
    runStrategy(
      validateScenario({
        version: 1,
        platform: 'bmips43xx',
        path,
        faults: { offlineBefore: path === 'kexec' ? [1] : [], strayInterrupts: [{ cpu: 1, at }] },
      } satisfies ScenarioInput),
      strategyByName('v4-play-dead')!,
    ).outcome;

  test('normal kexec: after relocation the wake-up runs the warm-restart vector in overwritten text, WILD', () => {
    const o = woken('kexec', 20_000);
    assert.equal(o.kind, 'wild-exec');
    assert.equal(o.routine, 'bmips_warm_restart_vec');
  });

  test('kdump: the wake-up resumes the old kernel, whose text the capture kernel preserves, so the model says cpu-lost where the brief says WILD: the thread runs its own intact code and never joins', () => {
    const o = woken('kdump', 20_000);
    assert.equal(o.kind, 'cpu-lost');
    assert.equal(woken('kdump', 3000).kind, 'cpu-lost');
  });
});

describe('restarting a CPU that never stopped is a platform feature, off by default (BRIEF.md §1.7 leaves it unverified)', () => {
  const outcome = (input: ScenarioInput, strategy: string) =>
    runStrategy(validateScenario(input), strategyByName(strategy)!).outcome.kind;

  test('CPS, S11 with a wedged non-representative VP: VP_RUN ignores the running VP (cpu-lost) unless restartsRunningSibling', () => {
    const s11 = (features: Record<string, boolean>): ScenarioInput => ({
      version: 1,
      platform: 'cps',
      path: 'kdump',
      crashCpu: 3,
      features,
      faults: { wedged: [{ cpu: 1, from: 0, steps: null }] },
    });
    assert.equal(outcome(s11({}), 'upstream'), 'cpu-lost');
    assert.equal(outcome(s11({ restartsRunningSibling: true }), 'upstream'), 'ok');
  });

  for (const platform of ['bmips43xx', 'bmips5000'] as const) {
    test(`${platform} kdump under v4-play-dead: the cold boot does not reach a thread in play_dead's wait (cpu-lost) unless resetsRunningThread`, () => {
      const kdump = (features: Record<string, boolean>): ScenarioInput => ({
        version: 1,
        platform,
        path: 'kdump',
        features,
      });
      assert.equal(outcome(kdump({}), 'v4-play-dead'), 'cpu-lost');
      assert.equal(outcome(kdump({ resetsRunningThread: true }), 'v4-play-dead'), 'ok');
    });
  }
});
