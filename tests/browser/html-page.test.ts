import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { html, htmlPage, scriptJson } from '../../src/report/html.js';
import { launchBrowser, openFile } from '../helpers/browser.js';

const hostile = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned = 2">',
  "'><svg onload='window.__pwned = 3'>",
  '</script><script>window.__pwned = 4</script>',
];

function client(): void {
  const data = JSON.parse(document.getElementById('page-data')?.textContent ?? 'null') as { notes: string[] };
  const list = document.getElementById('from-script');
  for (const note of data.notes) {
    const li = document.createElement('li');
    li.textContent = note;
    list?.append(li);
  }
}

describe('htmlPage in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'kexfuzz-html-'));
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
  });

  test('hostile text in markup, in attributes and in script data renders as text and runs nothing', async () => {
    const body = html`<h1 title="${hostile[1] ?? ''}">${hostile[0] ?? ''}</h1>
      <ul id="in-markup">${hostile.map((h) => html`<li data-note="${h}">${h}</li>`)}</ul>
      <ul id="from-script"></ul>
      ${scriptJson('page-data', { notes: hostile })}`;
    const file = join(dir, 'hostile.html');
    writeFileSync(
      file,
      htmlPage({ title: hostile[0] ?? '', css: 'body { font: 14px sans-serif; }', body, scripts: [client] }),
    );
    const opened = await openFile(browser, file);
    const { page } = opened;
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(await page.locator('#in-markup li').allTextContents(), hostile);
    assert.deepEqual(await page.locator('#from-script li').allTextContents(), hostile);
    assert.equal(await page.locator('h1').getAttribute('title'), hostile[1]);
    assert.equal(await page.title(), hostile[0]);
    assert.equal(await page.locator('img, svg').count(), 0);
    assert.deepEqual(opened.errors, []);
    await opened.screenshot('html-page-hostile');
  });
});
