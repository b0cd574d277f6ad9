/**
 * The tree viewer in headless Chromium (Debian's /usr/bin/chromium via playwright-core): type text,
 * submit, and check one arc per non-root word with the labels, heads and dependents the API returned.
 * Skips when Chromium is not installed (CI: `apt-get install -y chromium`).
 */
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { ParseResponseSchema } from '../../src/server/schemas.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';
import { testApp } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

const TEXT = 'The quick brown fox jumps over the lazy dog . It barked at <b>me</b> & "you" !';

describeWhen([NEEDS.chromium], 'tree viewer', () => {
  let app: App;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    app = await testApp();
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('draws one labeled arc per non-root word, offline, without CSP errors', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(url);
    await page.fill('#text', TEXT);
    await page.click('#parse');
    await page.waitForSelector('body[data-state="done"]', { timeout: 10_000 });

    const drawn = await page.$$eval('figure.sentence', (figs) => figs.map((f) => ({
      caption: f.querySelector('figcaption')?.textContent,
      words: [...f.querySelectorAll('svg.dep g.word text.form')].map((t) => t.textContent),
      arcs: [...f.querySelectorAll('svg.dep g.arc')].map((g) => ({
        label: g.getAttribute('data-label'), head: Number(g.getAttribute('data-head')), dep: Number(g.getAttribute('data-dep')),
        shown: g.querySelector('text')?.textContent, path: g.querySelector('path.edge')?.getAttribute('d'),
      })),
      roots: [...f.querySelectorAll('svg.dep g.root')].map((g) => g.getAttribute('data-dep')),
    })));

    const expected = ParseResponseSchema.parse((await app.inject({ method: 'POST', url: '/v1/parse', payload: { text: TEXT } })).json());
    expect(drawn).toHaveLength(expected.sentences.length);
    expected.sentences.forEach((s, i) => {
      const fig = drawn[i];
      expect(fig?.caption).toBe(s.text);
      expect(fig?.words).toEqual(s.words.map((w) => w.text)); // markup in tokens is shown as text
      const nonRoot = s.words.filter((w) => w.head !== 0);
      expect(fig?.arcs).toHaveLength(nonRoot.length);
      expect(fig?.arcs.map((a) => [a.dep, a.head, a.label]).sort()).toEqual(nonRoot.map((w) => [w.id, w.head, w.deprel]).sort());
      for (const a of fig?.arcs ?? []) {
        expect(a.shown).toBe(a.label);
        expect(a.path).toMatch(/^M [\d.]+ [\d.]+ C /);
      }
      expect(fig?.roots).toEqual(s.words.filter((w) => w.head === 0).map((w) => String(w.id)));
    });
    expect(await page.$$('b')).toHaveLength(0);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'arcparse-viewer.png'), fullPage: true });
    await page.close();
  }, 60_000);

  test('shows the API error message', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.fill('#text', 'word '.repeat(500));
    await page.click('#parse');
    await page.waitForSelector('body[data-state="error"]', { timeout: 10_000 });
    expect(await page.textContent('#error')).toMatch(/at most 2000 characters/);
    await page.close();
  }, 60_000);
});
