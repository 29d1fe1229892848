import type { Certificate } from '../contract/exploration.js';
import type { Db } from './db.js';

interface CertificateRecord extends Omit<Certificate, 'outcomes'> {
  readonly outcomes: string;
}

const columns = `scenario_hash AS scenarioHash, scenario, summary, platform, strategy, preemptions, schedules, classes,
  outcomes, ms, created_at AS createdAt, reduction`;

export function certificateQueries(db: Db) {
  const insert = db.prepare<[CertificateRecord]>(
    `INSERT INTO certificates (scenario_hash, scenario, summary, platform, strategy, preemptions, schedules, classes, outcomes, ms, created_at, reduction)
     VALUES (@scenarioHash, @scenario, @summary, @platform, @strategy, @preemptions, @schedules, @classes, @outcomes, @ms, @createdAt, @reduction)`,
  );
  const all = db.prepare<[], CertificateRecord>(`SELECT ${columns} FROM certificates ORDER BY created_at, id`);
  return {
    add(c: Certificate): void {
      insert.run({ ...c, outcomes: JSON.stringify(c.outcomes) });
    },
    list: (): Certificate[] => all.all().map((r) => ({ ...r, outcomes: JSON.parse(r.outcomes) as string[] })),
  };
}
