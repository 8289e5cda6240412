// Each panel: one GraphQL query for the period, drawn with ECharts and, where the numbers matter
// one by one, a table of them. One query a panel, so one failing panel leaves the others standing.
import { addMonths, firstDay, lastDay, monthsBetween } from './period.js';

const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
const integer = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
const byDays = (p) => ({ from: firstDay(p.from), to: lastDay(p.to) });
const byMonths = (p) => ({ fromMonth: p.from, toMonth: p.to });

export const DOMAIN_NAMES = { GOVERNMENT: '政务 Government', BUSINESS: '商务 Business', SOCIAL: '社会 Social', JUDICIAL: '司法 Judicial' };
export const LIST_NAMES = { RED: '红名单 Red', KEY_ATTENTION: '重点关注 Key attention', BLACK: '黑名单 Black' };
const COLORS = { records: '#2563eb', negative: '#dc2626', positive: '#16a34a', penalties: '#d97706', listings: '#7c3aed', muted: '#cbd5e1' };

const districtName = (d) => (d ? (d.name ?? d.code) : '未知区县 Unknown');
const industryName = (i) => (i ? `${i.code} ${i.name}` : '无行业 None');
const listingTotal = (cell) => cell.listings.reduce((sum, l) => sum + l.count, 0);
const listingOf = (cell, type) => cell.listings.find((l) => l.listType === type)?.count ?? 0;

/** The sanctions and monthly-report statistics answer at most 366 days: the period's last 12 months. */
function lastYearOf(period) {
  const from = period.from < addMonths(period.to, -11) ? addMonths(period.to, -11) : period.from;
  return { from, to: period.to, clamped: from !== period.from };
}

/** Green from 90 %, amber from 70 %, red below. */
function rateColor(rate) {
  if (rate === null || rate === undefined) return '#94a3b8';
  if (rate >= 0.9) return '#16a34a';
  if (rate >= 0.7) return '#d97706';
  return '#dc2626';
}

/** Horizontal bars read top-down: ECharts draws the first category at the bottom. */
function categoryAxis(names) {
  return { type: 'category', data: [...names].reverse(), axisLabel: { width: 170, overflow: 'truncate' }, axisTick: { show: false } };
}
const reversed = (values) => [...values].reverse();

export const PANELS = [
  {
    id: 'summary',
    wide: true,
    title: '分析报告 · Analysis report',
    subtitle: `本期与上一等长期间对比 — this period against the equally long one before`,
    query: `query Report($period: AnalysisPeriodInput!) {
      analysisReport(period: $period) {
        fromMonth toMonth previousFromMonth previousToMonth warnings
        totals { records negativeRecords positiveRecords penalties inForceRecords listings { listType count } }
        previousTotals { records negativeRecords positiveRecords penalties inForceRecords listings { listType count } }
        byDomain { domain records negativeRecords positiveRecords }
        risingDistricts { district { code name } negativeRecords previousNegativeRecords change changeRate }
        risingIndustries { industry { code name } negativeRecords previousNegativeRecords change changeRate }
      }
    }`,
    variables: (p) => ({ period: byMonths(p) }),
    render(view, data) {
      const r = data.analysisReport;
      if (!r) return view.note('无报告 No report for this period.');
      view.kpis(
        [
          { key: 'records', label: '信用记录 Records', now: r.totals.records, before: r.previousTotals.records },
          { key: 'negativeRecords', label: '失信记录 Negative', now: r.totals.negativeRecords, before: r.previousTotals.negativeRecords, bad: true },
          { key: 'positiveRecords', label: '守信记录 Positive', now: r.totals.positiveRecords, before: r.previousTotals.positiveRecords },
          { key: 'penalties', label: '行政处罚 Penalties', now: r.totals.penalties, before: r.previousTotals.penalties, bad: true },
          { key: 'listings', label: '列入名单 Listings', now: listingTotal(r.totals), before: listingTotal(r.previousTotals) },
          { key: 'warnings', label: '预警 Warnings', now: r.warnings, before: null, bad: true },
        ],
        `对比 vs ${r.previousFromMonth} – ${r.previousToMonth}`,
      );
      view.row(
        (v) =>
          v.chart(
            {
              title: { text: '按领域 By domain', left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 500 } },
              tooltip: { trigger: 'item' },
              legend: { bottom: 0, itemWidth: 12, itemHeight: 12 },
              series: [
                {
                  type: 'pie',
                  radius: ['40%', '66%'],
                  center: ['50%', '48%'],
                  label: { formatter: '{b}\n{c}' },
                  data: r.byDomain.map((c) => ({ name: DOMAIN_NAMES[c.domain] ?? c.domain, value: c.records })),
                },
              ],
            },
            { height: 260 },
          ),
        (v) => {
          const rising = [
            ...r.risingDistricts.map((t) => ({ ...t, what: districtName(t.district) })),
            ...r.risingIndustries.map((t) => ({ ...t, what: industryName(t.industry) })),
          ];
          if (rising.length === 0) return v.note('失信记录无上升 No district or industry rose.');
          v.table(
            [
              { key: 'what', label: '上升最多 Rising most', format: (t) => t.what },
              { key: 'negativeRecords', label: '本期 Now', numeric: true, format: (t) => integer(t.negativeRecords) },
              { key: 'previousNegativeRecords', label: '上期 Before', numeric: true, format: (t) => integer(t.previousNegativeRecords) },
              { key: 'change', label: '变化 Change', numeric: true, format: (t) => `${t.change > 0 ? '+' : ''}${integer(t.change)}` },
              { key: 'changeRate', label: '增幅 Rate', numeric: true, format: (t) => (t.changeRate === null ? '新 new' : `${t.changeRate > 0 ? '+' : ''}${percent(t.changeRate)}`) },
            ],
            rising,
          );
        },
      );
    },
  },
  {
    id: 'monthly',
    wide: true,
    title: '信用记录月度趋势 · Records, negative records and listings by month',
    subtitle: `按决定月份 — by decision month`,
    query: `query Monthly($filter: CreditStatisticsFilter!) {
      creditStatistics(filter: $filter, groupBy: [MONTH]) { month records negativeRecords positiveRecords penalties listings { listType count } }
    }`,
    variables: (p) => ({ filter: byMonths(p) }),
    render(view, data, period) {
      const cells = new Map((data.creditStatistics ?? []).map((c) => [c.month, c]));
      const months = monthsBetween(period.from, period.to);
      const at = (m, f) => (cells.has(m) ? f(cells.get(m)) : 0);
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: months, axisTick: { alignWithLabel: true } },
          yAxis: [
            { type: 'value', name: '记录 Records', nameTextStyle: { align: 'left' } },
            { type: 'value', name: '名单 Listings', splitLine: { show: false }, nameTextStyle: { align: 'right' } },
          ],
          series: [
            { name: '信用记录 Records', type: 'bar', barMaxWidth: 22, color: COLORS.records, data: months.map((m) => at(m, (c) => c.records)) },
            { name: '失信记录 Negative', type: 'bar', barMaxWidth: 22, color: COLORS.negative, data: months.map((m) => at(m, (c) => c.negativeRecords)) },
            { name: '行政处罚 Penalties', type: 'line', color: COLORS.penalties, symbolSize: 6, data: months.map((m) => at(m, (c) => c.penalties)) },
            { name: '列入名单 Listings', type: 'line', yAxisIndex: 1, color: COLORS.listings, symbolSize: 6, data: months.map((m) => at(m, listingTotal)) },
          ],
        },
        { height: 320 },
      );
    },
  },
  {
    id: 'districts',
    title: '按区县 · By district',
    subtitle: `主体登记区县 — the subject's registered district`,
    query: `query Districts($filter: CreditStatisticsFilter!) {
      creditStatistics(filter: $filter, groupBy: [DISTRICT]) { district { code name } records negativeRecords positiveRecords listings { listType count } }
    }`,
    variables: (p) => ({ filter: byMonths(p) }),
    render(view, data) {
      const cells = [...(data.creditStatistics ?? [])].sort((a, b) => b.records - a.records);
      if (cells.length === 0) return view.note('本期间无记录。 No records in this period.');
      const names = cells.map((c) => districtName(c.district));
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value' },
          yAxis: categoryAxis(names),
          series: [
            { name: '信用记录 Records', type: 'bar', color: COLORS.records, barGap: '10%', barMaxWidth: 12, data: reversed(cells.map((c) => c.records)) },
            { name: '失信记录 Negative', type: 'bar', color: COLORS.negative, barMaxWidth: 12, data: reversed(cells.map((c) => c.negativeRecords)) },
            { name: '列入名单 Listings', type: 'bar', color: COLORS.listings, barMaxWidth: 12, data: reversed(cells.map(listingTotal)) },
          ],
        },
        { height: Math.max(240, cells.length * 34 + 50) },
      );
    },
  },
  {
    id: 'industries',
    title: '按行业 · By industry',
    subtitle: `国民经济行业门类 GB/T 4754 — legal persons' industry section`,
    query: `query Industries($filter: CreditStatisticsFilter!) {
      creditStatistics(filter: $filter, groupBy: [INDUSTRY]) { industry { code name } records negativeRecords positiveRecords penalties }
    }`,
    variables: (p) => ({ filter: byMonths(p) }),
    render(view, data) {
      const cells = [...(data.creditStatistics ?? [])].sort((a, b) => b.records - a.records);
      if (cells.length === 0) return view.note('本期间无记录。 No records in this period.');
      const names = cells.map((c) => industryName(c.industry));
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value' },
          yAxis: categoryAxis(names),
          series: [
            { name: '失信 Negative', type: 'bar', stack: 'polarity', color: COLORS.negative, barMaxWidth: 16, data: reversed(cells.map((c) => c.negativeRecords)) },
            { name: '守信 Positive', type: 'bar', stack: 'polarity', color: COLORS.positive, barMaxWidth: 16, data: reversed(cells.map((c) => c.positiveRecords)) },
            { name: '其他 Other', type: 'bar', stack: 'polarity', color: COLORS.muted, barMaxWidth: 16, data: reversed(cells.map((c) => Math.max(0, c.records - c.negativeRecords - c.positiveRecords))) },
          ],
        },
        { height: Math.max(240, cells.length * 26 + 50) },
      );
    },
  },
  {
    id: 'timeliness',
    title: '双公示按时公示率 · On-time publication (双公示) by department',
    subtitle: `许可、处罚决定后 7 个工作日内公示 — licences and penalties published within 7 working days`,
    query: `query Timeliness($from: Date!, $to: Date!) {
      publicationTimeliness(from: $from, to: $to) { department { uscc name } decisions onTime late onTimeRate }
    }`,
    variables: byDays,
    render(view, data) {
      const rows = [...(data.publicationTimeliness ?? [])].sort((a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1) || b.decisions - a.decisions);
      if (rows.length === 0) return view.note('本期间无许可或处罚决定。 No decisions in this period.');
      view.chart(
        {
          grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
          tooltip: { trigger: 'item' },
          xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
          yAxis: categoryAxis(rows.map((r) => r.department.name)),
          series: [
            {
              name: '按时率 On-time rate',
              type: 'bar',
              barMaxWidth: 16,
              data: reversed(rows.map((r) => ({ value: r.onTimeRate, itemStyle: { color: rateColor(r.onTimeRate) } }))),
              label: { show: true, position: 'right', formatter: (p) => percent(p.value) },
            },
          ],
        },
        { height: Math.max(220, rows.length * 28 + 40) },
      );
      view.table(
        [
          { key: 'department', label: '部门 Department', format: (r) => r.department.name },
          { key: 'decisions', label: '决定 Decisions', numeric: true, format: (r) => integer(r.decisions) },
          { key: 'onTime', label: '按时 On time', numeric: true, format: (r) => integer(r.onTime) },
          { key: 'late', label: '逾期 Late', numeric: true, format: (r) => integer(r.late) },
          { key: 'onTimeRate', label: '按时率 Rate', numeric: true, format: (r) => percent(r.onTimeRate) },
        ],
        rows,
      );
    },
  },
  {
    id: 'feedback',
    title: '联合奖惩反馈 · Sanction feedback by department',
    subtitle: `实施部门的核查反馈率与逾期未反馈 — checking departments' feedback rate and overdue cases`,
    query: `query Feedback($from: Date!, $to: Date!) {
      sanctionFeedbackStatistics(from: $from, to: $to) { department { code name } cases withFeedback feedbackRate overdue }
    }`,
    variables: (p) => byDays(lastYearOf(p)),
    render(view, data, period) {
      const rows = [...(data.sanctionFeedbackStatistics ?? [])].sort((a, b) => b.overdue - a.overdue || (a.feedbackRate ?? 1) - (b.feedbackRate ?? 1));
      const range = lastYearOf(period);
      if (range.clamped) view.note(`最长 366 天：显示 ${range.from} – ${range.to}。 At most 366 days: showing ${range.from} – ${range.to}.`);
      if (rows.length === 0) return view.note('本期间无核查案件。 No check cases in this period.');
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: categoryAxis(rows.map((r) => r.department.name)),
          series: [
            { name: '已反馈 Reported', type: 'bar', stack: 'cases', color: COLORS.positive, barMaxWidth: 16, data: reversed(rows.map((r) => r.withFeedback)) },
            { name: '逾期 Overdue', type: 'bar', stack: 'cases', color: COLORS.negative, barMaxWidth: 16, data: reversed(rows.map((r) => r.overdue)) },
            {
              name: '待反馈 Pending',
              type: 'bar',
              stack: 'cases',
              color: COLORS.muted,
              barMaxWidth: 16,
              data: reversed(rows.map((r) => Math.max(0, r.cases - r.withFeedback - r.overdue))),
              label: { show: true, position: 'right', color: '#334155', formatter: (p) => percent(reversed(rows)[p.dataIndex].feedbackRate) },
            },
          ],
        },
        { height: Math.max(200, rows.length * 30 + 56) },
      );
      view.table(
        [
          { key: 'department', label: '实施部门 Department', format: (r) => r.department.name },
          { key: 'cases', label: '案件 Cases', numeric: true, format: (r) => integer(r.cases) },
          { key: 'withFeedback', label: '已反馈 Reported', numeric: true, format: (r) => integer(r.withFeedback) },
          { key: 'feedbackRate', label: '反馈率 Rate', numeric: true, format: (r) => percent(r.feedbackRate) },
          { key: 'overdue', label: '逾期 Overdue', numeric: true, format: (r) => integer(r.overdue) },
        ],
        rows,
      );
    },
  },
  {
    id: 'reports',
    wide: true,
    monthSelect: true,
    title: '部门月报 · Monthly reports by department',
    subtitle: `按报送日：报送、入库、重复、退回、逾期公示 — by day of submission: sent, accepted, duplicate, rejected, published late`,
    query: `query Reports($month: String!) {
      departmentMonthlyReports(month: $month) {
        month department { code name uscc } submitted accepted duplicates rejected late onTimeRate publicationDecisions
        rejectedByReason { reason count }
      }
    }`,
    variables: (p, options) => ({ month: options.month ?? p.to }),
    render(view, data) {
      const rows = [...(data.departmentMonthlyReports ?? [])].sort((a, b) => b.submitted - a.submitted);
      if (rows.length === 0) return view.note('本月无报送。 Nothing was submitted this month.');
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: categoryAxis(rows.map((r) => r.department.name)),
          series: [
            { name: '入库 Accepted', type: 'bar', stack: 'rows', color: COLORS.positive, barMaxWidth: 16, data: reversed(rows.map((r) => r.accepted)) },
            { name: '重复 Duplicate', type: 'bar', stack: 'rows', color: COLORS.muted, barMaxWidth: 16, data: reversed(rows.map((r) => r.duplicates)) },
            { name: '退回 Rejected', type: 'bar', stack: 'rows', color: COLORS.negative, barMaxWidth: 16, data: reversed(rows.map((r) => r.rejected)) },
          ],
        },
        { height: Math.max(160, rows.length * 30 + 56) },
      );
      view.table(
        [
          { key: 'department', label: '部门 Department', format: (r) => r.department.name },
          { key: 'submitted', label: '报送 Sent', numeric: true, format: (r) => integer(r.submitted) },
          { key: 'accepted', label: '入库 Accepted', numeric: true, format: (r) => integer(r.accepted) },
          { key: 'duplicates', label: '重复 Dup.', numeric: true, format: (r) => integer(r.duplicates) },
          { key: 'rejected', label: '退回 Rejected', numeric: true, format: (r) => integer(r.rejected) },
          { key: 'late', label: '逾期公示 Late', numeric: true, format: (r) => integer(r.late) },
          { key: 'onTimeRate', label: '按时率 On time', numeric: true, format: (r) => percent(r.onTimeRate) },
          {
            key: 'rejectedByReason',
            label: '退回原因 Reasons',
            format: (r) => [...r.rejectedByReason].sort((a, b) => b.count - a.count).slice(0, 3).map((x) => `${x.reason} ${x.count}`).join('，') || '—',
          },
        ],
        rows,
      );
    },
  },
  {
    id: 'clusters',
    title: '预警聚集 · Warning clusters (district × industry)',
    subtitle: `本期检出预警集中的区县与行业 — where the period's warnings concentrate`,
    query: `query Clusters($filter: WarningClusterFilter) {
      warningClusters(filter: $filter, first: 50) { district { code name } industry { code name } warnings subjects share }
    }`,
    variables: (p) => ({ filter: byDays(p) }),
    render(view, data) {
      const cells = data.warningClusters ?? [];
      if (cells.length === 0) return view.note('本期间无预警。 No warnings in this period.');
      const districts = [...new Set(cells.map((c) => districtName(c.district)))];
      const industries = [...new Set(cells.map((c) => industryName(c.industry)))];
      const max = Math.max(...cells.map((c) => c.warnings));
      view.chart(
        {
          tooltip: { trigger: 'item', formatter: (p) => `${districts[p.value[0]]} · ${industries[p.value[1]]}\n预警 warnings: ${p.value[2]}` },
          grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
          xAxis: { type: 'category', data: districts, axisLabel: { rotate: 30, width: 90, overflow: 'truncate' }, splitArea: { show: true } },
          yAxis: { type: 'category', data: industries, axisLabel: { width: 150, overflow: 'truncate' }, splitArea: { show: true } },
          visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#fef3c7', '#f59e0b', '#b91c1c'] } },
          series: [
            {
              name: '预警 Warnings',
              type: 'heatmap',
              label: { show: true },
              data: cells.map((c) => [districts.indexOf(districtName(c.district)), industries.indexOf(industryName(c.industry)), c.warnings]),
            },
          ],
        },
        { height: Math.max(260, industries.length * 36 + 110) },
      );
      view.table(
        [
          { key: 'district', label: '区县 District', format: (c) => districtName(c.district) },
          { key: 'industry', label: '行业 Industry', format: (c) => industryName(c.industry) },
          { key: 'warnings', label: '预警 Warnings', numeric: true, format: (c) => integer(c.warnings) },
          { key: 'subjects', label: '主体 Subjects', numeric: true, format: (c) => integer(c.subjects) },
          { key: 'share', label: '占比 Share', numeric: true, format: (c) => percent(c.share) },
        ],
        cells,
      );
    },
  },
  {
    id: 'warnings',
    title: '失信预警 · Early warnings',
    subtitle: `失信记录超过规则窗口与阈值的主体，最新在前 — subjects past a rule's window and threshold, newest first`,
    query: `query Warnings($filter: EarlyWarningFilter) {
      earlyWarnings(filter: $filter, first: 100) {
        subjectType subjectId detectedOn currentCount previousCount
        legalPerson { uscc name }
        rule { code kind windowDays threshold factor }
        district { code name } industry { code name }
      }
    }`,
    variables: (p) => ({ filter: byDays(p) }),
    render(view, data, period) {
      const rows = data.earlyWarnings ?? [];
      if (rows.length === 0) return view.note('本期间无预警。 No warnings in this period.');
      const months = monthsBetween(period.from, period.to);
      const rules = [...new Set(rows.map((w) => w.rule.code))];
      view.chart(
        {
          legend: { top: 0 },
          grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: months },
          yAxis: { type: 'value', minInterval: 1 },
          series: rules.map((code, i) => ({
            name: code,
            type: 'bar',
            stack: 'rule',
            barMaxWidth: 22,
            color: [COLORS.negative, COLORS.penalties, COLORS.listings, COLORS.records][i % 4],
            data: months.map((m) => rows.filter((w) => w.rule.code === code && w.detectedOn.startsWith(m)).length),
          })),
        },
        { height: 220 },
      );
      view.table(
        [
          { key: 'detectedOn', label: '检出 Detected' },
          { key: 'subject', label: '主体 Subject', format: (w) => (w.legalPerson ? w.legalPerson.name : w.subjectType === 'NATURAL_PERSON' ? '自然人 Natural person' : w.subjectId) },
          { key: 'rule', label: '规则 Rule', format: (w) => w.rule.code },
          { key: 'currentCount', label: '本窗口 Now', numeric: true, format: (w) => integer(w.currentCount) },
          { key: 'previousCount', label: '前窗口 Before', numeric: true, format: (w) => integer(w.previousCount) },
          { key: 'district', label: '区县 District', format: (w) => districtName(w.district) },
        ],
        rows,
      );
    },
  },
];
