import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { post, useTestStack } from '../support/stack.ts';

/**
 * The internal dashboard in a real headless Chromium (Debian's, driven by playwright-core)
 * against the whole stack: the page asks /graphql with a real internal JWT, ECharts draws, the
 * tables show what the API answers, and a token without gov:internal gets the denial state.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const inCi = process.env.CI === 'true';
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && !inCi) {
  console.warn(`dashboard.test.ts: skipped — no Chromium at ${CHROMIUM} (apt-get install -y chromium). In CI (CI=true) this test fails instead.`);
}

describe.skipIf(!haveChromium && !inCi)('the internal dashboard in headless Chromium', () => {
  const t = useTestStack();
  let base: string;
  let internal: string;
  let context: BrowserContext;
  let profile: string;
  /** A period over the seed's years and today's submissions. */
  const to = shanghaiDate().slice(0, 7);
  const from = `${Number(to.slice(0, 4)) - 2}-01`;
  const lastDay = (month: string) => {
    const [y, m] = month.split('-').map(Number);
    return `${month}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs it with apt-get install -y chromium`);
    base = t.stack.gatewayUrl.replace(/\/graphql$/, '');
    internal = await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government'] });
    await submitPenalties();
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Two penalties by dl-market, one decided today (on time) and one 60 days ago (published late). */
  async function submitPenalties() {
    const [subject] = await rows<{ uscc: string; name: string }>(
      t.database.drizzle('test'),
      sql`select uscc, name from platform.legal_person where kind = 'ENTERPRISE' order by uscc limit 1`,
    );
    const penalty = (decisionDate: string, n: number) => ({
      subjectName: subject!.name,
      subjectCategory: 'LEGAL_PERSON',
      subjectUscc: subject!.uscc,
      legalRepresentative: '张三',
      documentNumber: `大中市监罚〔2026〕看板${n}号`,
      violationType: '违反食品安全管理规定',
      violationFacts: '经查，当事人经营超过保质期的食品。',
      legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
      penaltyCategories: ['FINE'],
      penaltyContent: '罚款人民币5000元',
      fineAmount: '5000.00',
      decisionDate,
      authorityName: '大连市中山区市场监督管理局',
      authorityUscc: '11210202000000019H',
    });
    const today = shanghaiDate();
    const { body } = await post(
      t.stack.gatewayUrl,
      `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) { accepted results { problems { field reason } } } }`,
      { r: [penalty(today, 1), penalty(addCalendarDays(today, -60), 2)] },
      { authorization: `Bearer ${internal}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.submitAdministrativePenalties.accepted).toBe(2);
  }

  /** A fresh tab that records every request it makes and every CSP violation the page reports. */
  async function openTab(token?: string) {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(() => {
      (window as unknown as { cspViolations: string[] }).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    if (token) {
      // Like a user who pasted it earlier in this tab: sessionStorage before the page's script runs.
      await page.addInitScript((value) => sessionStorage.setItem('credit-dashboard.token', value), token);
    }
    return { page, requests };
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  it('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    const res = await fetch(`${base}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/^<script\b[^>]*\bsrc="\/dashboard\/[^"]+"[^>]*><\/script>$/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
    // The library comes from node_modules, pinned by package-lock.
    const lib = await fetch(`${base}/dashboard/vendor/echarts.esm.min.mjs`);
    expect(lib.status).toBe(200);
    expect(lib.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(lib.headers.get('content-security-policy')).toBe(csp);
    expect((await lib.arrayBuffer()).byteLength).toBeGreaterThan(500_000);
    expect((await fetch(`${base}/dashboard/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard`, { method: 'POST' })).status).toBe(405);
  });

  it('draws every panel from GraphQL with an internal token, tables equal to the API, and saves a screenshot', async () => {
    const { page, requests } = await openTab(internal);
    await page.goto(`${base}/dashboard?from=${from}&to=${to}`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });

    const panels = await page.$$eval('[data-panel]', (nodes) => nodes.map((n) => ({ id: n.getAttribute('data-panel'), state: n.getAttribute('data-state'), canvases: n.querySelectorAll('.chart canvas').length })));
    expect(panels.length).toBeGreaterThanOrEqual(1);
    for (const panel of panels) {
      expect(panel.state, panel.id!).toBe('ready');
      expect(panel.canvases, `${panel.id} has an ECharts canvas`).toBeGreaterThan(0);
    }

    // 双公示 on-time rate: the table holds exactly the API's rows.
    const api = await post(
      t.stack.gatewayUrl,
      `query($from: Date!, $to: Date!) { publicationTimeliness(from: $from, to: $to) { department { name } decisions onTime late onTimeRate } }`,
      { from: `${from}-01`, to: lastDay(to) },
      { authorization: `Bearer ${internal}` },
    );
    expect(api.body.errors).toBeUndefined();
    const expected = (api.body.data.publicationTimeliness as { department: { name: string }; decisions: number; onTime: number; late: number; onTimeRate: number | null }[])
      .map((r) => [r.department.name, r.decisions.toLocaleString('zh-CN'), r.onTime.toLocaleString('zh-CN'), r.late.toLocaleString('zh-CN'), r.onTimeRate === null ? '—' : `${(r.onTimeRate * 100).toFixed(1)}%`])
      .sort();
    const shown = (await tableRows(page, 'timeliness')).sort();
    expect(shown).toEqual(expected);
    expect(shown.length).toBeGreaterThan(1);
    // Today's late penalty is in dl-market's row.
    const market = (api.body.data.publicationTimeliness as { department: { name: string }; late: number }[]).find((r) => r.department.name.includes('市场监督'));
    expect(market?.late).toBeGreaterThanOrEqual(1);

    expect(await violations(page)).toEqual([]);
    const origin = new URL(base).origin;
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(requests.some((u) => u === `${origin}/graphql`)).toBe(true);
    expect(requests.filter((u) => u.includes(internal.slice(-16)))).toEqual([]);
    expect(page.url()).not.toContain(internal.slice(-16));

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`dashboard screenshot: ${shot}`);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it('shows the denial for a token without gov:internal, pasted into the field', async () => {
    const agency = await t.auth.token('agency', '912102000000003340');
    const { page, requests } = await openTab();
    await page.goto(`${base}/dashboard?from=${from}&to=${to}`);
    await page.waitForSelector('body[data-state="no-token"]');
    await page.fill('#token-input', agency);
    await page.click('#token-save');
    await page.waitForSelector('body[data-state="denied"]');
    expect(await page.getAttribute('body', 'data-error-code')).toBe('FORBIDDEN');
    const alert = await page.textContent('#alert');
    expect(alert).toContain('gov:internal');
    expect(await page.isVisible('#alert')).toBe(true);
    const states = await page.$$eval('[data-panel]', (nodes) => nodes.map((n) => n.getAttribute('data-state')));
    expect(states.every((s) => s === 'error')).toBe(true);
    expect(await page.$$('[data-panel] canvas')).toHaveLength(0);
    // The field is emptied; the token is only in this tab's sessionStorage, never in a URL.
    expect(await page.inputValue('#token-input')).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('credit-dashboard.token'))).toBe(agency);
    expect(requests.filter((u) => u.includes(agency.slice(-16)))).toEqual([]);
    expect(await violations(page)).toEqual([]);

    // A token that is not a valid JWT at all is told apart from a forbidden one.
    await page.fill('#token-input', 'not-a-token');
    await page.click('#token-save');
    await page.waitForSelector('body[data-error-code="UNAUTHENTICATED"]');
    expect(await page.textContent('#alert')).toContain('令牌无效');
    await page.close();
  });

  async function tableRows(page: Page, panel: string): Promise<string[][]> {
    return page.$$eval(`[data-panel="${panel}"] table.data tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }
});
