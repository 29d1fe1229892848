/**
 * The schema, as ordered migrations. Migration N brings a database from `user_version` N-1 to N.
 * Never edit a released migration: append a new one. `meta.application = 'kexfuzz'` is the marker
 * that tells our files from other SQLite databases, so no migration may drop or rename it.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      INSERT INTO meta (key, value) VALUES ('application', 'kexfuzz');

      CREATE TABLE campaigns (
        id         INTEGER PRIMARY KEY,
        seed       INTEGER NOT NULL,
        shard      TEXT NOT NULL,
        config     TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        next_batch INTEGER NOT NULL DEFAULT 0,
        runs       INTEGER NOT NULL DEFAULT 0,
        finished   INTEGER NOT NULL DEFAULT 0 CHECK (finished IN (0, 1))
      ) STRICT;

      CREATE TABLE findings (
        id                 INTEGER PRIMARY KEY,
        signature          TEXT NOT NULL UNIQUE,
        kind               TEXT NOT NULL CHECK (kind IN ('divergence', 'common-mode')),
        label              TEXT CHECK (label IN ('regression', 'improvement', 'both-wrong')),
        platform           TEXT NOT NULL,
        strategy           TEXT NOT NULL,
        outcome_kind       TEXT NOT NULL,
        routine            TEXT,
        title              TEXT NOT NULL,
        scenario           TEXT NOT NULL,
        original           TEXT NOT NULL,
        outcomes           TEXT NOT NULL,
        trace_hash         TEXT NOT NULL,
        switches_original  INTEGER NOT NULL,
        switches_minimized INTEGER NOT NULL,
        count              INTEGER NOT NULL CHECK (count >= 1),
        first_seen         INTEGER NOT NULL,
        last_seen          INTEGER NOT NULL,
        campaign_id        INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        status             TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'confirmed', 'fixed', 'wontfix')),
        notes              TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX findings_by_status ON findings (status);
      CREATE INDEX findings_by_platform_strategy ON findings (platform, strategy);

      CREATE TABLE corpus (
        id            INTEGER PRIMARY KEY,
        scenario      TEXT NOT NULL UNIQUE,
        coverage_gain INTEGER NOT NULL,
        added_at      INTEGER NOT NULL,
        campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE coverage (
        key INTEGER PRIMARY KEY
      ) STRICT;

      CREATE TABLE stats (
        id              INTEGER PRIMARY KEY,
        campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        at              INTEGER NOT NULL,
        runs            INTEGER NOT NULL,
        runs_per_second REAL NOT NULL,
        findings        INTEGER NOT NULL,
        coverage        INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX stats_by_campaign ON stats (campaign_id, at);
    `,
  },
  {
    version: 2,
    name: 'sightings per finding: how often each kind and label was seen',
    // Version-1 rows kept only the first sighting's kind and label: every sighting is counted as that one.
    sql: `
      ALTER TABLE findings ADD COLUMN divergences INTEGER NOT NULL DEFAULT 0 CHECK (divergences >= 0);
      ALTER TABLE findings ADD COLUMN regressions INTEGER NOT NULL DEFAULT 0 CHECK (regressions >= 0);
      ALTER TABLE findings ADD COLUMN improvements INTEGER NOT NULL DEFAULT 0 CHECK (improvements >= 0);
      ALTER TABLE findings ADD COLUMN both_wrong INTEGER NOT NULL DEFAULT 0 CHECK (both_wrong >= 0);
      UPDATE findings SET
        divergences = CASE kind WHEN 'divergence' THEN count ELSE 0 END,
        regressions = CASE label WHEN 'regression' THEN count ELSE 0 END,
        improvements = CASE label WHEN 'improvement' THEN count ELSE 0 END,
        both_wrong = CASE label WHEN 'both-wrong' THEN count ELSE 0 END;
    `,
  },
  {
    version: 3,
    name: 'outcome tallies: how every strategy run ended, per platform, strategy and kind',
    // Campaigns from before this version have no tallies: the verdict matrix counts only newer runs.
    sql: `
      CREATE TABLE outcome_tallies (
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        platform    TEXT NOT NULL,
        strategy    TEXT NOT NULL,
        kind        TEXT NOT NULL,
        runs        INTEGER NOT NULL CHECK (runs >= 1),
        PRIMARY KEY (campaign_id, platform, strategy, kind)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: "corpus entries remember their campaign's batch, so a campaign resumed mid-epoch mutates what the epoch saw",
    // Entries from before this version have none: they predate every epoch that can be resumed.
    sql: `
      ALTER TABLE corpus ADD COLUMN batch INTEGER CHECK (batch >= 0);
    `,
  },
  {
    version: 5,
    name: 'a lease on each running campaign, and the minimizations it still owes, so a resumed one carries them on',
    sql: `
      ALTER TABLE campaigns ADD COLUMN lease_host TEXT;
      ALTER TABLE campaigns ADD COLUMN lease_pid INTEGER;
      ALTER TABLE campaigns ADD COLUMN lease_expires INTEGER;
      CREATE TABLE minimize_queue (
        finding_id  INTEGER PRIMARY KEY REFERENCES findings (id) ON DELETE CASCADE,
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        origin      TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'stats samples carry the corpus size and when their session started, for the plots and their resume marks',
    // Samples from before this version have neither: the plots leave them out of the corpus series and marks.
    sql: `
      ALTER TABLE stats ADD COLUMN corpus INTEGER CHECK (corpus >= 0);
      ALTER TABLE stats ADD COLUMN session_started INTEGER;
    `,
  },
  {
    version: 7,
    name: 'PCT runs per platform and bug depth, with the bound on missing such a bug that they add up to',
    // Campaigns from before this version counted none: their PCT runs rule nothing out in the statement.
    sql: `
      CREATE TABLE pct_tallies (
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        platform    TEXT NOT NULL,
        bug_depth   INTEGER NOT NULL CHECK (bug_depth >= 1),
        runs        INTEGER NOT NULL CHECK (runs >= 1),
        log_miss    REAL NOT NULL CHECK (log_miss <= 0),
        PRIMARY KEY (campaign_id, platform, bug_depth)
      ) STRICT;
    `,
  },
  {
    version: 8,
    name: 'certificates of bounded-exhaustive exploration: a scenario, a bound, a strategy, and every outcome reached',
    sql: `
      CREATE TABLE certificates (
        id            INTEGER PRIMARY KEY,
        scenario_hash TEXT NOT NULL,
        scenario      TEXT NOT NULL,
        summary       TEXT NOT NULL,
        platform      TEXT NOT NULL,
        strategy      TEXT NOT NULL,
        preemptions   INTEGER NOT NULL CHECK (preemptions >= 0),
        schedules     INTEGER NOT NULL CHECK (schedules >= 1),
        outcomes      TEXT NOT NULL,
        ms            INTEGER NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 9,
    name: 'certificates count equivalence classes as well as schedules',
    // Certificates from before this version have none: their enumerator did not tell classes apart.
    sql: `ALTER TABLE certificates ADD COLUMN classes INTEGER CHECK (classes >= 1);`,
  },
  {
    version: 10,
    name: 'certificates say which reduction explored them',
    // Certificates from before this version have none: their reduction could miss outcomes (contract REDUCTION).
    sql: `ALTER TABLE certificates ADD COLUMN reduction INTEGER CHECK (reduction >= 1);`,
  },
];

/** The schema version this code writes; a database with a higher `user_version` is refused. */
export const storeSchemaVersion: number = migrations.length;
