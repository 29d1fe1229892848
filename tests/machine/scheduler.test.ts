import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_DELAY } from '../../src/machine/scheduler.js';
import { asm, expectStop, runPrograms } from '../helpers/machine-runner.js';

const flag = asm(0x600, (a) => a.routine('flag').word(0));

// CPU0 spins (with cpu_relax) until CPU1, after a long computation, sets the flag.
const spinAndWork = asm(
  0x100,
  (a) => {
    a.routine('spinner').la('t0', 'flag');
    a.label('spin').lw('t1', 0, 't0').pause().beqz('t1', 'spin');
    a.exit(0);
    a.routine('worker').li('t1', 3000).label('work').addi('t1', 't1', -1).bnez('t1', 'work');
    a.la('t0', 'flag').li('t1', 1).sw('t1', 0, 't0').halt();
  },
  flag,
);

describe('scheduler', () => {
  test('under PCT, a spin loop with cpu_relax yields, so the CPU it waits for gets to run (every seed)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const ran = runPrograms({
        run: { policy: 'pct', seed, pctDepth: 1 },
        programs: [{ program: spinAndWork }, { program: flag }],
        start: { 0: 'spinner', 1: 'worker' },
      });
      expectStop(ran, 'exit');
    }
  });

  test('under PCT with no change points, the highest-priority CPU runs first, but no CPU that can run waits longer than MAX_DELAY (delay-bounded, as parallel CPUs are; it was starved until the other blocked)', () => {
    const busy = asm(0x100, (a) => {
      a.routine('busy').li('t1', 4000).label('l').addi('t1', 't1', -1).bnez('t1', 'l').halt();
    });
    const ran = runPrograms({
      run: { policy: 'pct', seed: 3, pctDepth: 1 },
      programs: [{ program: busy }],
      start: { 0: 'busy', 1: 'busy' },
    });
    expectStop(ran, 'all-stopped');
    const schedule = ran.machine.scheduler.recordedSchedule();
    assert.ok(schedule[0]![1] >= MAX_DELAY, `the first CPU ran ${schedule[0]![1]} steps before the other`);
    // While both can run, every gap a CPU waits is another CPU's segment: none exceeds the bound (plus a burst).
    const bothRunning = schedule.slice(0, -1);
    for (const [cpu, steps] of bothRunning)
      assert.ok(steps <= MAX_DELAY + 1024, `CPU${cpu} ran ${steps} steps while the other waited`);
  });

  test('the weighted policy gives a fast CPU more steps than a slow one', () => {
    const busy = asm(0x100, (a) => a.routine('busy').label('l').addi('t1', 't1', 1).b('l'));
    const ran = runPrograms({
      run: { speeds: [16, 1], budget: 50_000, progressWindow: 1_000_000 },
      programs: [{ program: busy }],
      start: { 0: 'busy', 1: 'busy' },
    });
    expectStop(ran, 'budget');
    const steps = [0, 0];
    for (const [cpu, n] of ran.machine.scheduler.recordedSchedule()) steps[cpu] = steps[cpu]! + n;
    assert.ok(steps[0]! > 8 * steps[1]!, `steps per CPU: ${steps}`);
  });

  test('a stalled CPU executes nothing inside its stall window', () => {
    const busy = asm(0x100, (a) => a.routine('busy').label('l').addi('t1', 't1', 1).b('l'));
    const stall = { cpu: 1, from: 1000, steps: 5000 };
    const ran = runPrograms({
      run: { stalls: [stall], budget: 20_000, progressWindow: 1_000_000 },
      programs: [{ program: busy }],
      start: { 0: 'busy', 1: 'busy' },
    });
    let step = 0;
    for (const [cpu, n] of ran.machine.scheduler.recordedSchedule()) {
      if (cpu === 1) assert.ok(step + n <= stall.from || step >= stall.from + stall.steps, `CPU1 ran at ${step}+${n}`);
      step += n;
    }
    assert.equal(step, 20_000);
  });

  test('when every CPU waits, time passes to the next IPI instead of ending the run', () => {
    const prog = asm(0x100, (a) => {
      a.routine('sender').li('t0', 1).ipi('t0').halt();
      a.routine('sleeper').ei().wait().mark(3).halt();
      a.routine('handler').eret();
    });
    const ran = runPrograms({
      run: { ipiLatency: { min: 5000, max: 5000 } },
      programs: [{ program: prog }],
      start: { 0: 'sender', 1: 'sleeper' },
      ebase: 'handler',
    });
    expectStop(ran, 'all-stopped');
    assert.deepEqual(ran.marks(1), [3]);
    assert.ok(ran.of('ipi-taken')[0]!.step >= 5000);
  });

  test('a replayed segment longer than the progress window is judged for progress inside it: a CPU spinning in a wait loop with its IPI masked stops as no progress, as under the live policies (it ran to the budget, 30M steps on Octeon legacy kdump in explore)', () => {
    const prog = asm(0x100, (a) => {
      a.routine('idle').di().label('loop').wait().b('loop');
      a.routine('sender').li('t0', 1).ipi('t0').halt();
    });
    for (const policy of ['replay', 'weighted'] as const) {
      const ran = runPrograms({
        run: {
          policy,
          schedule: [
            [0, 5],
            [1, 1_000_000_000],
          ],
          ipiLatency: { min: 1, max: 1 },
        },
        programs: [{ program: prog }],
        start: { 0: 'sender', 1: 'idle' },
      });
      expectStop(ran, 'no-progress');
      // about a window after its last progress (the IPI's arrival), far from the budget of 200,000
      assert.ok(ran.stop.step < 3 * 20_000, `${policy}: ${ran.stop.step}`);
    }
  });
});
