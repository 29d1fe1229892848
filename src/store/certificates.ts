import type { Db } from './db.js';

/**
 * A certificate of bounded-exhaustive exploration: `strategy` on the scenario, every schedule with at most
 * `preemptions` preemptions explored, and the outcome kinds they reached.
 */
export interface Certificate {
  readonly scenarioHash: string;
  /** JSON: the scenario explored. */
  readonly scenario: string;
  /** One line saying what the scenario is (platform, CPUs, path, crash CPU). */
  readonly summary: string;
  readonly platform: string;
  readonly strategy: string;
  readonly preemptions: number;
  readonly schedules: number;
  /** Equivalence classes among the schedules; null on certificates stored before kexfuzz counted them. */
  readonly classes: number | null;
  readonly outcomes: readonly string[];
  readonly ms: number;
  readonly createdAt: number;
}

interface CertificateRecord extends Omit<Certificate, 'outcomes'> {
  readonly outcomes: string;
}

const columns = `scenario_hash AS scenarioHash, scenario, summary, platform, strategy, preemptions, schedules, classes,
  outcomes, ms, created_at AS createdAt`;

export function certificateQueries(db: Db) {
  const insert = db.prepare<[CertificateRecord]>(
    `INSERT INTO certificates (scenario_hash, scenario, summary, platform, strategy, preemptions, schedules, classes, outcomes, ms, created_at)
     VALUES (@scenarioHash, @scenario, @summary, @platform, @strategy, @preemptions, @schedules, @classes, @outcomes, @ms, @createdAt)`,
  );
  const all = db.prepare<[], CertificateRecord>(`SELECT ${columns} FROM certificates ORDER BY created_at, id`);
  return {
    add(c: Certificate): void {
      insert.run({ ...c, outcomes: JSON.stringify(c.outcomes) });
    },
    list: (): Certificate[] => all.all().map((r) => ({ ...r, outcomes: JSON.parse(r.outcomes) as string[] })),
  };
}
