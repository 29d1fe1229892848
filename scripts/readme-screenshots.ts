/**
 * `npx tsx scripts/readme-screenshots.ts`: the README's pictures, made the way a user makes the pages.
 * The finding timeline is corpus s01's legacy hang (from a findings database built from the corpus
 * scenario, as the tests build theirs), zoomed to its first thousand steps where the IPIs fly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openFile } from '../tests/helpers/browser.js';
import { kexfuzz } from '../tests/helpers/cli.js';
import { corpusText, findingOn, writeFindingsDb } from '../tests/helpers/findings-db.js';

const images = new URL('../docs/images/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-screenshots-'));
const db = join(dir, 'findings.db');
writeFindingsDb(db, [[findingOn(corpusText('s01-cps-kdump-flush-hang'), 'legacy')]]);
const page = join(dir, 'finding-1.html');
const made = await kexfuzz(['report', '1', '--html', page, '--db', db]);
if (made.code !== 0) throw new Error(made.err);

const browser = await launchBrowser();
try {
  const opened = await openFile(browser, page);
  await opened.page.evaluate(() =>
    (
      window as unknown as { kexfuzzTimeline: { views: { repro: { zoomToSteps(a: number, b: number): void } } } }
    ).kexfuzzTimeline.views.repro.zoomToSteps(0, 1000),
  );
  const box = await opened.page.locator('#timeline-repro').boundingBox();
  if (box === null) throw new Error('no timeline on the page');
  const file = join(images, 'finding-timeline.png');
  await opened.page.screenshot({
    path: file,
    clip: { x: box.x, y: box.y, width: box.width, height: 420 },
    fullPage: true,
  });
  process.stdout.write(`wrote ${file}\n`);
} finally {
  await browser.close();
}
