import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../src/errors.js';
import {
  minimalScenarioInput,
  parseScenario,
  scenarioHash,
  serializeScenario,
  validateScenario,
} from '../../src/scenario/codec.js';
import { defaultsTable } from '../../src/scenario/defaults.js';

/** `text` is refused with exactly one problem, on `field`, whose message passes `check`. */
function assertOneProblem(text: string, field: string, check: (message: string) => boolean): void {
  assert.throws(
    () => parseScenario(text),
    (error: unknown) =>
      error instanceof InputError &&
      error.problems.length === 1 &&
      error.problems[0]?.field === field &&
      check(error.problems[0].message),
    text,
  );
}

import { scenario, scenarioInput } from '../helpers/factories.js';

/** The problems validation reports for `input`; fails the test if it is accepted or throws anything else. */
function problemsOf(input: unknown): readonly { field: string; message: string }[] {
  try {
    validateScenario(input);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the scenario to be rejected');
}

/** The problems parsing `text` reports. */
function parseProblems(text: string, name?: string): readonly { field: string; message: string }[] {
  try {
    parseScenario(text, name);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected the text to be rejected');
}

const fieldsOf = (input: unknown): string[] => problemsOf(input).map((p) => p.field);

function messageFor(input: unknown, field: string): string {
  const p = problemsOf(input).find((x) => x.field === field);
  assert.ok(p, `no problem names ${field}: ${JSON.stringify(problemsOf(input))}`);
  return p.message;
}

describe('defaults', () => {
  test('a minimal cps input gets the platform topology, its features and the kexec layout', () => {
    const s = scenario();
    assert.equal(s.cores, 2);
    assert.equal(s.threadsPerCore, 2);
    assert.deepEqual(s.features, {
      mt: false,
      vp: true,
      powerGating: true,
      cpc: true,
      icFillsFromDc: true,
      icacheSnoopsRemoteStore: true,
      restartsRunningSibling: false,
    });
    assert.equal(s.path, 'kexec');
    assert.equal(s.crashCpu, 0);
    assert.deepEqual(s.faults, {
      offlineBefore: [],
      wedged: [],
      crossCallAfterPark: false,
      controlPagePrimed: false,
      strayInterrupts: [],
    });
    assert.deepEqual(s.timing.speeds, [4, 4, 4, 4]);
    assert.equal(s.timing.policy, 'weighted');
    assert.deepEqual(s.layout.segments, [{ base: 0x1000, words: 0x3000 }]);
    assert.deepEqual(s.layout.oldKernel, { base: 0x1000, words: 0x3000 });
    assert.deepEqual(s.layout.controlPage, { base: 0xc000, words: 0x1000 });
    assert.equal(s.layout.crashRegion, null);
  });

  test('kdump defaults put the segments and the control page inside the crash region', () => {
    const s = scenario({ path: 'kdump', crashCpu: 3 });
    assert.deepEqual(s.layout.crashRegion, { base: 0x8000, words: 0x6000 });
    assert.deepEqual(s.layout.segments, [{ base: 0x8000, words: 0x3000 }]);
    assert.deepEqual(s.layout.controlPage, { base: 0xb000, words: 0x1000 });
  });

  test('feature defaults follow the topology, and given features override them', () => {
    const single = scenario({ threadsPerCore: 1 }).features;
    assert.deepEqual([single['vp'], single['icFillsFromDc']], [false, false]);
    const given = scenario({ threadsPerCore: 2, features: { mt: true, vp: false } }).features;
    assert.deepEqual([given['mt'], given['vp']], [true, false]);
  });

  test('speeds default to one entry per CPU of the chosen topology', () => {
    assert.deepEqual(scenario({ platform: 'octeon', cores: 16 }).timing.speeds, new Array(16).fill(4));
  });

  test('a partial layout keeps the defaults for everything it does not mention', () => {
    const s = scenario({ layout: { cache: { lineWords: 16 }, memWords: 0x20000 } });
    assert.deepEqual(s.layout.cache, { ...defaultsTable.common.layout.cache, lineWords: 16 });
    assert.equal(s.layout.memWords, 0x20000);
    assert.deepEqual(s.layout.segments, [{ base: 0x1000, words: 0x3000 }]);
  });

  test('the result shares no objects with the defaults table', () => {
    const a = scenario();
    const b = scenario();
    assert.notEqual(a.layout.segments, b.layout.segments);
    assert.notEqual(a.layout.oldKernel, defaultsTable.byPath.kexec.oldKernel);
  });
});

describe('messages name the field, the allowed values and what was given', () => {
  test('crashCpu out of range (the DESIGN example)', () => {
    assert.deepEqual(problemsOf(scenarioInput({ crashCpu: 7 })), [
      { field: 'crashCpu', message: 'scenario field "crashCpu" must be a CPU of this topology (0–3), but was 7.' },
    ]);
  });

  test('unknown platform (the DESIGN example)', () => {
    assert.equal(
      messageFor({ version: 1, platform: 'mips' }, 'platform'),
      'scenario field "platform" should be one of "cps", "octeon", "loongson3", "bmips43xx", "bmips5000" or "cmp", but was "mips".',
    );
  });

  test('a newer version is reported alone, since its other fields may be new too', () => {
    assert.deepEqual(problemsOf({ version: 2, platform: 'cps', newField: 1 }), [
      { field: 'version', message: 'scenario version 2 is newer than this kexfuzz understands (1).' },
    ]);
  });

  test('missing version and platform are required', () => {
    assert.deepEqual(fieldsOf({}), ['version', 'platform']);
    assert.match(messageFor({}, 'version'), /is required/);
  });

  test('an unknown field lists the fields its object allows', () => {
    assert.equal(
      messageFor(scenarioInput({ timing: { sed: 3 } as never }), 'timing.sed'),
      'scenario field "timing.sed" is not a known field; "timing" may have "seed", "policy", "speeds", "quantum", "pctDepth", "pctHorizon", "ipiLatency", "stalls", "schedule", "budget" or "progressWindow".',
    );
  });

  test('a wrong type names the expected type and shows the value, cut to a readable length', () => {
    const message = messageFor(scenarioInput({ timing: { quantum: 'x'.repeat(100) as never } }), 'timing.quantum');
    assert.match(message, /^scenario field "timing.quantum" must be an integer from 1 to 4096, but was "x{38}…\.$/);
  });

  test('an unknown feature names the features the platform has', () => {
    assert.match(
      messageFor(scenarioInput({ features: { hyper: true } }), 'features.hyper'),
      /is not a feature of platform "cps", which has "mt", "vp", .* or "restartsRunningSibling"\./,
    );
    assert.match(
      messageFor(scenarioInput({ platform: 'octeon', features: { mt: true } }), 'features.mt'),
      /platform "octeon", which has none/,
    );
  });

  test('a multithreaded cps core without MT or VP is a topology the platform cannot have', () => {
    const message = messageFor(scenarioInput({ features: { vp: false } }), 'threadsPerCore');
    assert.match(message, /a topology platform "cps" cannot have/);
    assert.doesNotThrow(() => scenario({ threadsPerCore: 1, features: { vp: false } }));
  });

  test('a cps core with both MT and VPs does not exist, whatever its threads', () => {
    for (const threadsPerCore of [1, 2, 4]) {
      const input = scenarioInput({ threadsPerCore, features: { mt: true, vp: true } });
      assert.deepEqual(fieldsOf(input), ['threadsPerCore']);
      assert.equal(
        messageFor(input, 'threadsPerCore'),
        `scenario field "threadsPerCore" is ${threadsPerCore}, a topology platform "cps" cannot have with these features: a CPS core has MIPS MT or multiple VPs, not both, but "features.mt" and "features.vp" were both true.`,
      );
    }
    assert.doesNotThrow(() => scenario({ threadsPerCore: 4, features: { mt: true, vp: false } }));
  });

  test('the platform feature rule is not judged on top of a bad feature', () => {
    assert.deepEqual(fieldsOf(scenarioInput({ features: { vp: false, hyper: true } })), ['features.hyper']);
  });

  test('topology limits come from the platform', () => {
    assert.match(
      messageFor(scenarioInput({ platform: 'bmips43xx', cores: 2 }), 'cores'),
      /from 1 to 1 for platform "bmips43xx", but was 2/,
    );
    assert.match(messageFor(scenarioInput({ threadsPerCore: 3 }), 'threadsPerCore'), /one of 1, 2 or 4/);
  });
});

describe('every problem is collected, without piling on', () => {
  test('several bad fields are reported together', () => {
    const fields = fieldsOf({
      version: 1,
      platform: 'cps',
      path: 'panic',
      timing: { seed: -1, policy: 'random', ipiLatency: { min: 0, max: 5 } },
      layout: { cache: { lineWords: 5 } },
      extra: true,
    });
    assert.deepEqual(fields.sort(), [
      'extra',
      'layout.cache.lineWords',
      'path',
      'timing.ipiLatency.min',
      'timing.policy',
      'timing.seed',
    ]);
  });

  test('a bad topology does not also make every CPU number wrong', () => {
    assert.deepEqual(fieldsOf(scenarioInput({ cores: 9, crashCpu: 7, faults: { offlineBefore: [5] } })), ['cores']);
  });

  test('a bad platform still lets the rest be checked', () => {
    assert.deepEqual(fieldsOf({ version: 1, platform: 'mips', crashCpu: 99, timing: { quantum: 0 } }), [
      'platform',
      'crashCpu',
      'timing.quantum',
    ]);
  });
});

describe('faults', () => {
  test('offlineBefore refuses CPU 0, the crash CPU, repeats and CPUs that do not exist', () => {
    const input = scenarioInput({ path: 'kdump', crashCpu: 3, faults: { offlineBefore: [0, 3, 1, 1, 4] } });
    assert.deepEqual(fieldsOf(input), [
      'faults.offlineBefore[4]',
      'faults.offlineBefore[0]',
      'faults.offlineBefore[1]',
      'faults.offlineBefore[3]',
    ]);
    assert.match(messageFor(input, 'faults.offlineBefore[0]'), /hotplug refuses/);
  });

  test('wedged allows steps null (forever) and one entry per CPU', () => {
    const s = scenario({ faults: { wedged: [{ cpu: 1, from: 0, steps: null }] } });
    assert.deepEqual(s.faults.wedged, [{ cpu: 1, from: 0, steps: null }]);
    const twice = scenarioInput({
      faults: {
        wedged: [
          { cpu: 1, from: 0, steps: null },
          { cpu: 1, from: 5, steps: 10 },
        ],
      },
    });
    assert.match(messageFor(twice, 'faults.wedged[1].cpu'), /repeats CPU 1, already wedged by "faults.wedged\[0\]"/);
  });

  test('stray interrupts name an existing CPU and a step, at most 8 of them, and the count is checked before the entries', () => {
    const s = scenario({ faults: { strayInterrupts: [{ cpu: 1, at: 900 }] } });
    assert.deepEqual(s.faults.strayInterrupts, [{ cpu: 1, at: 900 }]);
    assert.deepEqual(minimalScenarioInput(s).faults, { strayInterrupts: [{ cpu: 1, at: 900 }] });
    assert.deepEqual(fieldsOf(scenarioInput({ faults: { strayInterrupts: [{ cpu: 9, at: -1 }] } })), [
      'faults.strayInterrupts[0].cpu',
      'faults.strayInterrupts[0].at',
    ]);
    const many = Array.from({ length: 100_000 }, () => 'not an interrupt') as never;
    assert.deepEqual(fieldsOf(scenarioInput({ faults: { strayInterrupts: many } })), ['faults.strayInterrupts']);
    assert.match(
      messageFor(scenarioInput({ faults: { strayInterrupts: many } }), 'faults.strayInterrupts'),
      /at most 8/,
    );
  });

  test('wedged entries need every field', () => {
    assert.deepEqual(fieldsOf(scenarioInput({ faults: { wedged: [{ cpu: 1 } as never] } })), [
      'faults.wedged[0].from',
      'faults.wedged[0].steps',
    ]);
  });
});

describe('timing', () => {
  test('replay needs a schedule, and other policies refuse one', () => {
    assert.match(messageFor(scenarioInput({ timing: { policy: 'replay' } }), 'timing.schedule'), /at least one/);
    assert.match(
      messageFor(scenarioInput({ timing: { schedule: [[0, 5]] } }), 'timing.schedule'),
      /unless "timing.policy" is "replay" \(it is "weighted", the default\), but had 1 slice\./,
    );
    assert.deepEqual(scenario({ timing: { policy: 'replay', schedule: [[1, 5]] } }).timing.schedule, [[1, 5]]);
  });

  test('schedule slices are [cpu, steps] pairs', () => {
    const input = scenarioInput({ timing: { policy: 'replay', schedule: [[4, 1], [0, 0], [1] as never] } });
    assert.deepEqual(fieldsOf(input), ['timing.schedule[0][0]', 'timing.schedule[1][1]', 'timing.schedule[2]']);
  });

  test('ipiLatency max must not be below min', () => {
    assert.match(
      messageFor(scenarioInput({ timing: { ipiLatency: { min: 50, max: 20 } } }), 'timing.ipiLatency.max'),
      /at least "timing.ipiLatency.min" \(50\), but was 20/,
    );
  });

  test('speeds have one entry per CPU', () => {
    assert.match(
      messageFor(scenarioInput({ timing: { speeds: [1, 2, 3] } }), 'timing.speeds'),
      /one speed per CPU \(4\), but had 3/,
    );
  });

  test('step numbers and counts stop at the largest budget', () => {
    const most = 50_000_000;
    const s = scenario({
      faults: { wedged: [{ cpu: 1, from: most, steps: most }] },
      timing: { policy: 'replay', schedule: [[0, most]], stalls: [{ cpu: 2, from: most, steps: 1 }] },
    });
    assert.deepEqual(s.faults.wedged, [{ cpu: 1, from: most, steps: most }]);
    const input = scenarioInput({
      faults: { wedged: [{ cpu: 1, from: most + 1, steps: most + 1 }] },
      timing: { policy: 'replay', schedule: [[0, most + 1]], stalls: [{ cpu: 2, from: most + 1, steps: 1 }] },
    });
    assert.deepEqual(fieldsOf(input), [
      'faults.wedged[0].from',
      'faults.wedged[0].steps',
      'timing.stalls[0].from',
      'timing.schedule[0][1]',
    ]);
    assert.match(
      messageFor(input, 'faults.wedged[0].steps'),
      /from 1 to 50000000, or null for forever, but was 50000001/,
    );
    assert.match(messageFor(input, 'timing.stalls[0].from'), /an integer from 0 to 50000000, but was 50000001/);
  });

  test('the progress window is at most the budget', () => {
    assert.equal(
      messageFor(scenarioInput({ timing: { budget: 5000, progressWindow: 5001 } }), 'timing.progressWindow'),
      'scenario field "timing.progressWindow" must be at most "timing.budget" (5000), but was 5001.',
    );
    // The default budget (30 000 000, room for kdump's 10 s crash wait) is above the largest window.
    assert.equal(scenario({ timing: { progressWindow: 10_000_000 } }).timing.progressWindow, 10_000_000);
    assert.equal(
      messageFor(scenarioInput({ timing: { budget: 50_000 } }), 'timing.progressWindow'),
      'scenario field "timing.progressWindow" (the default) must be at most "timing.budget" (50000), but was 100000.',
    );
    assert.equal(scenario({ timing: { budget: 5000, progressWindow: 5000 } }).timing.progressWindow, 5000);
  });

  test('a bad budget or window is reported alone, not also compared', () => {
    assert.deepEqual(fieldsOf(scenarioInput({ timing: { budget: 999, progressWindow: 5000 } })), ['timing.budget']);
    assert.deepEqual(fieldsOf(scenarioInput({ timing: { budget: 5000, progressWindow: 10_000_001 } })), [
      'timing.progressWindow',
    ]);
  });

  test('huge and non-finite looking numbers are out of range, not crashes', () => {
    assert.deepEqual(fieldsOf(scenarioInput({ timing: { seed: 1e308, budget: Number.NaN, quantum: -0.5 } })), [
      'timing.seed',
      'timing.quantum',
      'timing.budget',
    ]);
    assert.match(messageFor(scenarioInput({ timing: { seed: 'NaN' as never } }), 'timing.seed'), /but was "NaN"/);
  });

  test('-0 is read as 0', () => {
    assert.ok(Object.is(scenario({ crashCpu: -0 }).crashCpu, 0));
  });
});

describe('layout', () => {
  test('regions must start above the exception vectors and have a size', () => {
    const input = scenarioInput({ layout: { oldKernel: { base: 0x80, words: 0 } } });
    assert.deepEqual(fieldsOf(input), ['layout.oldKernel.base', 'layout.oldKernel.words']);
    assert.match(messageFor(input, 'layout.oldKernel.base'), /from 256 to .*exception vectors.*but was 128/);
  });

  test('a small memory that the default regions do not fit names the defaulted region', () => {
    const input = scenarioInput({ layout: { memWords: 0x4000 } });
    assert.deepEqual(fieldsOf(input), ['layout.controlPage']);
    assert.equal(
      messageFor(input, 'layout.controlPage'),
      'scenario field "layout.controlPage" (the default for path "kexec") must end within memory ("layout.memWords" is 0x4000), but spans 0xC000–0xCFFF.',
    );
  });

  test('memWords and cache sizes are powers of two in range', () => {
    assert.deepEqual(
      fieldsOf(scenarioInput({ layout: { memWords: 3000, cache: { l1Sets: 12, l2Sets: 8, l2Ways: 0 } } })),
      ['layout.memWords', 'layout.cache.l1Sets', 'layout.cache.l2Sets', 'layout.cache.l2Ways'],
    );
    assert.equal(scenario({ layout: { cache: { l2Sets: 0 } } }).layout.cache.l2Sets, 0);
  });

  test('segments must not overlap each other, but may touch', () => {
    const overlapping = scenarioInput({
      layout: {
        segments: [
          { base: 0x1000, words: 0x1000 },
          { base: 0x1800, words: 0x100 },
        ],
      },
    });
    assert.match(
      messageFor(overlapping, 'layout.segments[1]'),
      /must not overlap "layout.segments\[0\]" \(0x1000–0x1FFF\), but spans 0x1800–0x18FF\./,
    );
    const touching = scenario({
      layout: {
        segments: [
          { base: 0x1000, words: 0x1000 },
          { base: 0x2000, words: 0x100 },
        ],
      },
    });
    assert.equal(touching.layout.segments.length, 2);
  });

  test('there are 1 to 8 segments', () => {
    assert.match(
      messageFor(scenarioInput({ layout: { segments: [] } }), 'layout.segments'),
      /1 to 8 entries, but had 0/,
    );
  });

  test('the control page overlaps no segment', () => {
    assert.match(
      messageFor(scenarioInput({ layout: { controlPage: { base: 0x2000, words: 1 } } }), 'layout.controlPage'),
      /must not overlap "layout.segments\[0\]"/,
    );
  });

  test('the control page overlaps no part of the old kernel, on either path', () => {
    const kexec = scenarioInput({
      layout: { segments: [{ base: 0x8000, words: 0x100 }], controlPage: { base: 0x3f00, words: 0x200 } },
    });
    assert.deepEqual(fieldsOf(kexec), ['layout.controlPage']);
    assert.equal(
      messageFor(kexec, 'layout.controlPage'),
      'scenario field "layout.controlPage" must not overlap "layout.oldKernel" (0x1000–0x3FFF, the default): kexec_core allocates the control page from free memory, never from kernel text, but it spans 0x3F00–0x40FF.',
    );
    const kdump = scenarioInput({
      path: 'kdump',
      layout: { oldKernel: { base: 0xb800, words: 0x100 }, crashRegion: { base: 0x8000, words: 0x3800 } },
    });
    // Here the page is also outside the shrunken reservation: both problems are its own, so both are reported.
    assert.deepEqual(fieldsOf(kdump), ['layout.controlPage', 'layout.controlPage']);
    assert.match(
      messageFor(kdump, 'layout.controlPage'),
      /^scenario field "layout.controlPage" \(the default for path "kdump"\) must not overlap "layout.oldKernel" \(0xB800–0xB8FF\)/,
    );
    assert.doesNotThrow(() => scenario({ layout: { controlPage: { base: 0x4000, words: 0x1000 } } }));
  });

  test('the crash region does not overlap the old kernel', () => {
    assert.match(
      messageFor(scenarioInput({ layout: { crashRegion: { base: 0x3000, words: 0x2000 } } }), 'layout.crashRegion'),
      /must not overlap "layout.oldKernel" \(0x1000–0x3FFF\)/,
    );
  });

  test('kdump needs a crash region holding every segment and the control page', () => {
    assert.match(
      messageFor(scenarioInput({ path: 'kdump', layout: { crashRegion: null } }), 'layout.crashRegion'),
      /required for path "kdump"/,
    );
    const outside = scenarioInput({ path: 'kdump', layout: { segments: [{ base: 0x5000, words: 0x100 }] } });
    assert.match(
      messageFor(outside, 'layout.segments[0]'),
      /must lie inside "layout.crashRegion" \(0x8000–0xDFFF, the default\) for path "kdump", but spans 0x5000–0x50FF\./,
    );
  });

  test('a kexec scenario may still have a crash region', () => {
    assert.deepEqual(scenario({ layout: { crashRegion: { base: 0x8000, words: 0x100 } } }).layout.crashRegion, {
      base: 0x8000,
      words: 0x100,
    });
  });
});

describe('hostile input', () => {
  test('non-objects are rejected with one problem', () => {
    for (const input of [null, undefined, 3, 'cps', [], [1], true]) {
      assert.equal(problemsOf(input).length, 1);
    }
  });

  test('__proto__ and constructor keys are unknown fields and pollute nothing', () => {
    const input: unknown = JSON.parse(
      '{"version":1,"platform":"cps","__proto__":{"polluted":1},"features":{"__proto__":true,"constructor":true},"timing":{"constructor":1}}',
    );
    assert.deepEqual(fieldsOf(input), [
      '__proto__',
      'features.__proto__',
      'features.constructor',
      'timing.constructor',
    ]);
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
  });

  test('inherited properties do not count as fields', () => {
    const input = Object.create({ platform: 'cps', version: 1 }) as unknown;
    assert.deepEqual(fieldsOf(input), ['version', 'platform']);
  });
});

// A timeout turns what used to hang (a million segments compared pairwise, a million stalls) into a failure.
describe('size limits: lengths are checked before contents', { timeout: 60_000 }, () => {
  const million = (entry: unknown): never => new Array(1_000_000).fill(entry) as never;

  test('a list longer than its limit is one problem, whatever its entries', () => {
    const region = { base: 0x1000, words: 1 };
    const stall = { cpu: 0, from: 0, steps: 1 };
    const cases: [string, unknown, RegExp][] = [
      ['layout.segments', { layout: { segments: million(region) } }, /must have 1 to 8 entries, but had 1000000\./],
      ['timing.stalls', { timing: { stalls: million(stall) } }, /must have at most 256 entries, but had 1000000\./],
      [
        'timing.schedule',
        { timing: { policy: 'replay', schedule: million(['x', 0]) } },
        /must have at most 200000 entries, but had 1000000\./,
      ],
      ['timing.speeds', { timing: { speeds: million(1) } }, /must have at most 64 entries, but had 1000000\./],
      ['faults.offlineBefore', { faults: { offlineBefore: million(1) } }, /at most 64 entries, but had 1000000\./],
      ['faults.wedged', { faults: { wedged: million(stall) } }, /at most 64 entries, but had 1000000\./],
    ];
    for (const [field, input, message] of cases) {
      const problems = problemsOf(scenarioInput(input as never));
      assert.deepEqual(
        problems.map((p) => p.field),
        [field],
      );
      assert.match(problems[0]?.message ?? '', message);
    }
  });

  test('the limits are generous: 256 stalls and 200000 slices are valid', () => {
    const stalls = Array.from({ length: 256 }, (_, i) => ({ cpu: i % 4, from: i, steps: 1 }));
    assert.equal(scenario({ timing: { stalls } }).timing.stalls.length, 256);
    const schedule = Array.from({ length: 200_000 }, (_, i): [number, number] => [i % 4, 1]);
    assert.equal(scenario({ timing: { policy: 'replay', schedule } }).timing.schedule.length, 200_000);
  });

  test('every problem is counted, but only the first 100 are kept, and the message lists 12', () => {
    const schedule = new Array(1000).fill(['x', 'y']) as never;
    let caught: unknown;
    try {
      validateScenario(scenarioInput({ timing: { policy: 'replay', schedule } }));
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof InputError);
    assert.equal(caught.problems.length, 100);
    assert.equal(caught.omitted, 1900);
    assert.equal(caught.problems[0]?.field, 'timing.schedule[0][0]');
    const lines = caught.message.split('\n');
    assert.equal(lines.length, 1 + 12 + 1);
    assert.equal(lines.at(-1), '  … and 1988 more problems.');
  });

  test('300 000 bad toggles are counted without naming each, and still mark "features" bad', () => {
    const features = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`f${i}`, 'yes']));
    let caught: unknown;
    try {
      validateScenario(scenarioInput({ features: features as never }));
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof InputError);
    assert.equal(caught.problems.length + caught.omitted, 300_000);
    assert.equal(caught.problems[0]?.field, 'features.f0');
  });

  test('a value nested too deeply to write out is described, not shown', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    assert.match(
      messageFor(scenarioInput({ timing: { stalls: [deep as never] } }), 'timing.stalls[0]'),
      /but was a value nested too deeply to show\.$/,
    );
  });

  test('scenario text over 4 MiB is refused by its size, before it is parsed, naming where it came from', () => {
    const text = `{"version": 1, "platform": "cps", "$schema": "${'x'.repeat(4 * 1024 * 1024)}"}`;
    const problems = parseProblems(text, 'my.json');
    assert.deepEqual(problems, [
      { field: '', message: 'my.json is larger than 4 MiB (4194304 bytes), the most a scenario may be.' },
    ]);
    // Counted in UTF-8 bytes: 1.5 M three-byte characters are 4.5 MB.
    assert.equal(
      parseProblems(`"${'€'.repeat(1_500_000)}"`, 'in.json')[0]?.message.startsWith('in.json is larger'),
      true,
    );
    assert.match(parseProblems(`"${'€'.repeat(1_000_000)}"`, 'in.json')[0]?.message ?? '', /must be a JSON object/);
  });
});

describe('parseScenario', () => {
  test('reads JSON text, with or without a byte-order mark', () => {
    const text = '{"version": 1, "platform": "octeon", "path": "kdump"}';
    assert.deepEqual(parseScenario(text), scenario({ platform: 'octeon', path: 'kdump' }));
    assert.deepEqual(parseScenario(`\uFEFF${text}`), parseScenario(text));
  });

  test('text that is not JSON names the line and column, and the field whose value it is', () => {
    const cases: [string, string, RegExp][] = [
      [
        '{\n  "version": 1,\n}',
        '',
        /^scenario is not valid JSON: expected a double-quoted property name at line 3, column 1 \(offset 18\)/,
      ],
      ['{"version": 1 "platform": "cps"}', '', /^scenario is not valid JSON: expected ',' or '}' at line 1, column 15/],
      ['', '', /^scenario is not valid JSON: unexpected end of input at line 1, column 1/],
      ['{"a": tru}', 'a', /^scenario field "a" is not valid JSON: unexpected "t" at line 1, column 7/],
      ['[1, 2', '', /^scenario is not valid JSON: expected ',' or ']' at line 1, column 6/],
    ];
    for (const [text, field, message] of cases) assertOneProblem(text, field, (m) => message.test(m));
  });

  test('raw NaN and Infinity name the field as well as the line and column', () => {
    const cases: [string, string, string][] = [
      ['{"version": 1, "platform": "cps", "timing": {"seed": NaN}}', 'timing.seed', 'NaN'],
      [
        '{"version": 1, "platform": "cps",\n "timing": {"stalls": [{"cpu": 0, "from": -Infinity}]}}',
        'timing.stalls[0].from',
        '-Infinity',
      ],
      ['{"version": 1, "platform": "cps", "crashCpu": Infinity}', 'crashCpu', 'Infinity'],
      ['{"version": 1, "platform": "cps", "timing": {"schedule": [[0, 1], [NaN, 2]]}}', 'timing.schedule[1][0]', 'NaN'],
    ];
    for (const [text, field, word] of cases) {
      assertOneProblem(text, field, (m) =>
        m.startsWith(
          `scenario field "${field}" is not valid JSON: ${word} is not a JSON number (JSON numbers are finite) at line `,
        ),
      );
    }
  });

  test('a key the user wrote is escaped and cut wherever it names a field', () => {
    const key = `${'\n\u001b[2J'.repeat(1000)}end`;
    const problems = parseProblems(
      JSON.stringify({ version: 1, platform: 'cps', [key]: 1, features: { [key]: true } }),
    );
    assert.equal(problems.length, 2);
    for (const p of problems) {
      assert.ok(p.field.length <= 70, p.field);
      assert.ok(![...p.message].some((ch) => ch < ' ' || ch === '\u007f'), p.message);
      assert.match(p.field, /^(features\.)?\\n\\u001b\[2J.*…$/);
    }
    const bad = parseProblems(`{"version": 1, "${'k'.repeat(100_000)}": NaN}`);
    assert.ok((bad[0]?.message.length ?? 0) < 300);
  });

  test('valid JSON with bad fields goes on to validation', () => {
    assert.throws(() => parseScenario('{"version": 1, "platform": "mips"}'), /scenario field "platform"/);
  });
});

describe('serializeScenario, scenarioHash and minimalScenarioInput', () => {
  test('canonical JSON sorts keys and leaves out whitespace', () => {
    const text = serializeScenario(scenario({ platform: 'loongson3' }));
    assert.ok(
      text.startsWith('{"cores":4,"crashCpu":0,"faults":{"controlPagePrimed":false,"crossCallAfterPark":false,'),
      text,
    );
    assert.ok(!/\s/.test(text));
  });

  test('the hash is 16 hex digits and ignores how the input was written', () => {
    const h = scenarioHash(scenario());
    assert.match(h, /^[0-9a-f]{16}$/);
    assert.equal(scenarioHash(scenario({ cores: 2, path: 'kexec', timing: { seed: 1 } })), h);
    assert.notEqual(scenarioHash(scenario({ timing: { seed: 2 } })), h);
  });

  test('"$schema" is for editors: any string is accepted and changes neither the scenario nor its hash', () => {
    const plain = validateScenario({ version: 1, platform: 'cps' });
    const tagged = validateScenario({ $schema: './scenario.schema.json', version: 1, platform: 'cps' });
    assert.deepEqual(tagged, plain);
    assert.equal(scenarioHash(tagged), scenarioHash(plain));
    assert.match(
      messageFor({ $schema: 1, version: 1, platform: 'cps' }, '$schema'),
      /must be a string: .*, but was 1\.$/,
    );
  });

  test('the minimal input of a default scenario is just version and platform', () => {
    assert.deepEqual(minimalScenarioInput(scenario({ platform: 'cmp', crashCpu: 0 })), { version: 1, platform: 'cmp' });
  });

  test('the minimal input keeps only what differs from the defaults', () => {
    const s = scenario({
      path: 'kdump',
      crashCpu: 3,
      features: { powerGating: false, vp: true },
      timing: { seed: 1, quantum: 7, speeds: [4, 4, 4, 1] },
      layout: { cache: { l2Sets: 0, lineWords: 8 } },
    });
    const minimal = minimalScenarioInput(s);
    assert.deepEqual(minimal, {
      version: 1,
      platform: 'cps',
      features: { powerGating: false },
      path: 'kdump',
      crashCpu: 3,
      timing: { speeds: [4, 4, 4, 1], quantum: 7 },
      layout: { cache: { l2Sets: 0 } },
    });
    assert.deepEqual(validateScenario(minimal), s);
  });

  test('a kexec crash region of null is left out, a kdump one is kept when moved', () => {
    assert.equal(minimalScenarioInput(scenario()).layout, undefined);
    const moved = scenario({
      path: 'kdump',
      layout: {
        crashRegion: { base: 0x8000, words: 0x7000 },
      },
    });
    assert.deepEqual(minimalScenarioInput(moved).layout, { crashRegion: { base: 0x8000, words: 0x7000 } });
  });
});

describe('setups no board can have', () => {
  test('hot-unplug on CPS without power gating is refused: cps_cpu_disable returns -EINVAL for such a core', () => {
    const input = { version: 1, platform: 'cps', features: { powerGating: false }, faults: { offlineBefore: [1] } };
    assert.deepEqual(fieldsOf(input), ['faults.offlineBefore']);
    assert.match(messageFor(input, 'faults.offlineBefore'), /cps_cpu_disable refuses a core without power gating/);
  });

  test('hot-unplug on smp-cmp is refused: it has no cpu_disable', () => {
    const input = { version: 1, platform: 'cmp', faults: { offlineBefore: [1] } };
    assert.match(messageFor(input, 'faults.offlineBefore'), /smp-cmp has no cpu_disable/);
  });

  test('power gating without a CPC is refused: the CPC is what power-gates a core', () => {
    const input = { version: 1, platform: 'cps', features: { cpc: false } };
    assert.match(messageFor(input, 'threadsPerCore'), /"features.powerGating" needs "features.cpc"/);
    assert.doesNotThrow(() =>
      validateScenario({ version: 1, platform: 'cps', features: { cpc: false, powerGating: false } }),
    );
  });
});
