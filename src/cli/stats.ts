/** `kexfuzz stats`: a campaign's progress over time in the terminal, from the samples it stored. */
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { progressChart } from '../report/progress-chart.js';
import type { Campaign } from '../store/index.js';
import { withStore } from './db.js';
import { type DbOptions, dbOption, positiveInteger } from './flags.js';
import type { Io } from './io.js';

interface StatsOptions extends DbOptions {
  readonly campaign?: number;
  readonly json?: boolean;
}

/** Columns the sparklines take: enough for a shape, narrow enough for any terminal. */
const chartWidth = 60;
const tableRows = 12;

export function statsCommand(io: Io): Command {
  return new Command('stats')
    .description("a campaign's progress over time: runs/s, runs, coverage and findings, as sparklines and a table")
    .addOption(dbOption())
    .option('--campaign <id>', 'which campaign (default: the latest)', positiveInteger)
    .option('--json', 'print the campaign and every sample as one JSON object')
    .action((o: StatsOptions) =>
      withStore(o.db, false, (store) => {
        const campaign: Campaign | null =
          o.campaign === undefined ? store.latestCampaign() : store.getCampaign(o.campaign as Campaign['id']);
        if (campaign === null) {
          const ids = store.listCampaigns().map((c) => `#${c.id}`);
          throw new UsageError(
            o.campaign === undefined
              ? `there is no campaign in ${o.db} yet.`
              : `there is no campaign #${o.campaign} in ${o.db}; it has ${ids.length === 0 ? 'none' : ids.join(', ')}.`,
          );
        }
        const samples = store.statsFor(campaign.id).map(({ campaignId: _, ...s }) => s);
        if (o.json) {
          io.out(
            JSON.stringify(
              {
                campaign: {
                  id: campaign.id,
                  seed: campaign.seed,
                  shard: campaign.shard,
                  runs: campaign.runs,
                  finished: campaign.finished,
                },
                samples,
              },
              null,
              2,
            ),
          );
          return;
        }
        const state = campaign.finished ? 'finished' : 'unfinished';
        io.out(
          progressChart({
            title: `campaign #${campaign.id} (seed ${campaign.seed}, shard ${campaign.shard}, ${state}, ${campaign.runs} runs)`,
            samples,
            width: chartWidth,
            rows: tableRows,
          }),
        );
      }),
    );
}
