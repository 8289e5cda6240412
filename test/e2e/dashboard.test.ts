import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../../subgraphs/kernel/calendar.ts';
import { rows } from '../../subgraphs/kernel/db.ts';
import { openCases } from '../../subgraphs/platform/sanctions-store.ts';
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
  const addMonthsTo = (month: string, k: number) => {
    const [y, m] = month.split('-').map(Number);
    const i = y! * 12 + m! - 1 + k;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  };
  /** The page's default period: the last 12 months, with the seed's decisions and today's submissions. */
  const to = shanghaiDate().slice(0, 7);
  const from = addMonthsTo(to, -11);
  const lastDay = (month: string) => {
    const [y, m] = month.split('-').map(Number);
    return `${month}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs it with apt-get install -y chromium`);
    base = t.stack.gatewayUrl.replace(/\/graphql$/, '');
    internal = await t.auth.token('department', 'dl-market', { scopes: ['gov:internal', 'gov:write:government', 'gov:write:business'] });
    await seedPanels();
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

  const gql = (query: string, variables: Record<string, unknown> = {}) => post(t.stack.gatewayUrl, query, variables, { authorization: `Bearer ${internal}` });

  /** Until platform has applied every event addressed to it: the statistics are kept by events. */
  async function eventsApplied(): Promise<void> {
    const until = Date.now() + 30_000;
    for (;;) {
      const [r] = await rows<{ n: unknown }>(t.database.drizzle('test'), sql`select count(*) as n from events.delivery where consumer = 'platform' and status = 'PENDING'`);
      if (Number(r!.n) === 0) return;
      if (Date.now() > until) throw new Error('platform did not apply its events');
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  /**
   * Data for every panel, submitted through the API as departments would: 双公示 penalties by
   * dl-market (one on time, one late, one rejected: timeliness and 月报), three negative business
   * records for each of three subjects (early warnings and their clusters), and sanctions checks
   * with and without feedback (one opened two months ago, overdue by now).
   */
  async function seedPanels() {
    const subjects = await rows<{ uscc: string; name: string }>(
      t.database.drizzle('test'),
      sql`select uscc, name from platform.legal_person where kind = 'ENTERPRISE' and industry_code is not null and division_code is not null order by uscc limit 3`,
    );
    expect(subjects).toHaveLength(3);
    const today = shanghaiDate();
    const authority = { authorityName: '大连市中山区市场监督管理局', authorityUscc: '11210202000000019H' };
    const penalty = (decisionDate: string, n: number, subjectUscc = subjects[0]!.uscc) => ({
      subjectName: subjects[0]!.name,
      subjectCategory: 'LEGAL_PERSON',
      subjectUscc,
      legalRepresentative: '张三',
      documentNumber: `大中市监罚〔2026〕看板${n}号`,
      violationType: '违反食品安全管理规定',
      violationFacts: '经查，当事人经营超过保质期的食品。',
      legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
      penaltyCategories: ['FINE'],
      penaltyContent: '罚款人民币5000元',
      fineAmount: '5000.00',
      decisionDate,
      ...authority,
    });
    const penalties = await gql(
      `mutation($r: [AdministrativePenaltyInput!]!) { submitAdministrativePenalties(input: { records: $r }) { accepted rejected } }`,
      { r: [penalty(today, 1), penalty(addCalendarDays(today, -60), 2), penalty(today, 3, 'bad')] },
    );
    expect(penalties.body.errors).toBeUndefined();
    expect(penalties.body.data.submitAdministrativePenalties).toEqual({ accepted: 2, rejected: 1 });

    const negative = (subject: { uscc: string; name: string }, daysAgo: number, n: number) => ({
      sector: 'SAFETY_PRODUCTION',
      category: '安全生产不良记录',
      subjectCategory: 'LEGAL_PERSON',
      subjectName: subject.name,
      subjectUscc: subject.uscc,
      polarity: 'NEGATIVE',
      severity: 'GENERAL',
      title: '未履行安全生产义务',
      facts: '经查，当事人未按规定履行安全生产义务。',
      documentNumber: `大安监罚〔2026〕看板${n}号`,
      decisionDate: addCalendarDays(today, -daysAgo),
      ...authority,
    });
    const records = subjects.flatMap((subject, i) => [3, 20, 40].map((d, j) => negative(subject, d + i, i * 10 + j)));
    const business = await gql(`mutation($r: [BusinessRecordInput!]!) { submitBusinessRecords(input: { records: $r }) { accepted } }`, { r: records });
    expect(business.body.errors).toBeUndefined();
    expect(business.body.data.submitBusinessRecords.accepted).toBe(9);

    for (const subject of subjects.slice(0, 2)) {
      const check = await gql(`mutation($u: String!) { sanctionsCheck(input: { uscc: $u, scenario: ADMINISTRATIVE_APPROVAL }) { case { id } } }`, { u: subject.uscc });
      expect(check.body.errors).toBeUndefined();
      if (subject === subjects[0]) {
        const feedback = await gql(`mutation($c: ID!) { reportSanctionFeedback(input: { caseId: $c, outcome: APPLIED, actionDate: "${today}" }) { case { id } } }`, {
          c: check.body.data.sanctionsCheck.case.id,
        });
        expect(feedback.body.errors).toBeUndefined();
      }
    }
    await openCases(t.database.drizzle('test'), { departmentCode: 'dl-market', scenario: 'ADMINISTRATIVE_APPROVAL', checkedOn: addCalendarDays(today, -60), subjects: [{ uscc: subjects[2]!.uscc }], evaluations: [{ listings: [], measures: [] }] });
    await eventsApplied();
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
    await page.waitForFunction(() => ['ready', 'partial', 'denied'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`dashboard screenshot: ${shot}`);
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');

    const panels = await page.$$eval('[data-panel]', (nodes) => nodes.map((n) => ({ id: n.getAttribute('data-panel'), state: n.getAttribute('data-state'), canvases: n.querySelectorAll('.chart canvas').length })));
    expect(panels.length).toBeGreaterThanOrEqual(1);
    for (const panel of panels) {
      expect(panel.state, panel.id!).toBe('ready');
      expect(panel.canvases, `${panel.id} has an ECharts canvas`).toBeGreaterThan(0);
    }

    const period = { from: `${from}-01`, to: lastDay(to) };
    const n = (v: number) => v.toLocaleString('zh-CN');
    const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
    const sorted = (list: Record<string, string>[]) => list.map((r) => JSON.stringify(r)).sort();

    // 双公示 on-time rate: the table holds exactly the API's rows; dl-market's late penalty is in.
    const timeliness = await gql(`query($from: Date!, $to: Date!) { publicationTimeliness(from: $from, to: $to) { department { name } decisions onTime late onTimeRate } }`, period);
    expect(timeliness.body.errors).toBeUndefined();
    const departments = timeliness.body.data.publicationTimeliness as { department: { name: string }; decisions: number; onTime: number; late: number; onTimeRate: number | null }[];
    expect(departments.length).toBeGreaterThan(1);
    expect(sorted(await tableRows(page, 'timeliness'))).toEqual(
      sorted(departments.map((r) => ({ department: r.department.name, decisions: n(r.decisions), onTime: n(r.onTime), late: n(r.late), onTimeRate: pct(r.onTimeRate) }))),
    );

    // Sanction feedback over the period's last 12 months: dl-market's three cases, one reported, one overdue.
    const feedback = await gql(`query($from: Date!, $to: Date!) { sanctionFeedbackStatistics(from: $from, to: $to) { department { code name } cases withFeedback feedbackRate overdue } }`, {
      from: `${addMonthsTo(to, -11)}-01`,
      to: lastDay(to),
    });
    expect(feedback.body.errors).toBeUndefined();
    const checking = feedback.body.data.sanctionFeedbackStatistics as { department: { code: string; name: string }; cases: number; withFeedback: number; feedbackRate: number | null; overdue: number }[];
    expect(checking.find((r) => r.department.code === 'dl-market')).toMatchObject({ cases: 3, withFeedback: 1, overdue: 1 });
    expect(sorted(await tableRows(page, 'feedback'))).toEqual(
      sorted(checking.map((r) => ({ department: r.department.name, cases: n(r.cases), withFeedback: n(r.withFeedback), feedbackRate: pct(r.feedbackRate), overdue: n(r.overdue) }))),
    );

    // 月报 of this month (the panel's default month): submitted, accepted, rejected, late per department.
    const reports = await gql(`query($m: String!) { departmentMonthlyReports(month: $m) { department { code name } submitted accepted duplicates rejected late onTimeRate } }`, { m: to });
    expect(reports.body.errors).toBeUndefined();
    const monthly = reports.body.data.departmentMonthlyReports as { department: { code: string; name: string }; submitted: number; accepted: number; duplicates: number; rejected: number; late: number; onTimeRate: number | null }[];
    expect(monthly.find((r) => r.department.code === 'dl-market')).toMatchObject({ submitted: 12, accepted: 11, rejected: 1, late: 1 });
    const shownReports = (await tableRows(page, 'reports')).map(({ rejectedByReason, ...rest }) => rest);
    expect(sorted(shownReports)).toEqual(
      sorted(monthly.map((r) => ({ department: r.department.name, submitted: n(r.submitted), accepted: n(r.accepted), duplicates: n(r.duplicates), rejected: n(r.rejected), late: n(r.late), onTimeRate: pct(r.onTimeRate) }))),
    );

    // Early warnings and their clusters: the three subjects' warnings are listed.
    const warnings = await gql(`query($f: EarlyWarningFilter) { earlyWarnings(filter: $f, first: 100) { detectedOn currentCount legalPerson { name } rule { code } } }`, { f: period });
    expect(warnings.body.errors).toBeUndefined();
    const warned = warnings.body.data.earlyWarnings as { detectedOn: string; currentCount: number; legalPerson: { name: string } | null; rule: { code: string } }[];
    expect(warned.filter((w) => w.rule.code === 'NEGATIVE_THRESHOLD').length).toBeGreaterThanOrEqual(3);
    const shownWarnings = await tableRows(page, 'warnings');
    expect(shownWarnings.map((w) => [w.detectedOn, w.subject, w.currentCount])).toEqual(warned.map((w) => [w.detectedOn, w.legalPerson?.name ?? '自然人 Natural person', n(w.currentCount)]));
    const clusters = await gql(`query($f: WarningClusterFilter) { warningClusters(filter: $f, first: 50) { warnings subjects share } }`, { f: period });
    expect(clusters.body.errors).toBeUndefined();
    expect((await tableRows(page, 'clusters')).map((c) => [c.warnings, c.subjects, c.share])).toEqual(
      (clusters.body.data.warningClusters as { warnings: number; subjects: number; share: number }[]).map((c) => [n(c.warnings), n(c.subjects), pct(c.share)]),
    );

    // The analysis report's headline figures.
    const report = await gql(`query($p: AnalysisPeriodInput!) { analysisReport(period: $p) { warnings totals { records negativeRecords penalties } } }`, { p: { fromMonth: from, toMonth: to } });
    expect(report.body.errors).toBeUndefined();
    const r = report.body.data.analysisReport;
    const kpi = (key: string) => page.textContent(`[data-panel="summary"] [data-kpi="${key}"] .value`);
    expect(await kpi('records')).toBe(n(r.totals.records));
    expect(await kpi('negativeRecords')).toBe(n(r.totals.negativeRecords));
    expect(await kpi('penalties')).toBe(n(r.totals.penalties));
    expect(await kpi('warnings')).toBe(n(r.warnings));
    expect(r.warnings).toBeGreaterThanOrEqual(3);

    expect(await violations(page)).toEqual([]);
    const origin = new URL(base).origin;
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(requests.some((u) => u === `${origin}/graphql`)).toBe(true);
    expect(requests.filter((u) => u.includes(internal.slice(-16)))).toEqual([]);
    expect(page.url()).not.toContain(internal.slice(-16));

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

  /** A panel's table, each row by its cells' fields. */
  async function tableRows(page: Page, panel: string): Promise<Record<string, string>[]> {
    return page.$$eval(`[data-panel="${panel}"] table.data tbody tr`, (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-field') ?? '', td.textContent ?? '']))),
    );
  }
});
