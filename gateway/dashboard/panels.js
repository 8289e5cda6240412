// Each panel: one GraphQL query for the period, drawn with ECharts and, where the numbers
// matter one by one, a table of them. One query a panel, so one failing panel leaves the others.
import { firstDay, lastDay } from './period.js';

const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
const integer = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
const byPeriod = (p) => ({ from: firstDay(p.from), to: lastDay(p.to) });

/** Green from 90 %, amber from 70 %, red below: the thresholds of the monthly assessment. */
function rateColor(rate) {
  if (rate === null) return '#94a3b8';
  if (rate >= 0.9) return '#16a34a';
  if (rate >= 0.7) return '#d97706';
  return '#dc2626';
}

function horizontalBars(rows, { name, value, color, formatter, max }) {
  // ECharts draws the first category at the bottom; reversed, the list reads top-down.
  const ordered = [...rows].reverse();
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', max, axisLabel: { formatter: max === 1 ? (v) => `${Math.round(v * 100)}%` : undefined } },
    yAxis: { type: 'category', data: ordered.map(name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: ordered.map((r) => ({ value: value(r), itemStyle: color ? { color: color(r) } : undefined })),
        label: { show: true, position: 'right', formatter: (p) => formatter(ordered[p.dataIndex]) },
      },
    ],
  };
}

export const PANELS = [
  {
    id: 'timeliness',
    title: '双公示按时公示率 · On-time publication (双公示) by department',
    subtitle: '行政许可、行政处罚决定作出后 7 个工作日内公示的比例 — licences and penalties published within 7 working days',
    query: `query Timeliness($from: Date!, $to: Date!) {
      publicationTimeliness(from: $from, to: $to) { department { uscc name } decisions onTime late onTimeRate }
    }`,
    variables: byPeriod,
    render(view, data) {
      const rows = [...(data.publicationTimeliness ?? [])].sort((a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1) || b.decisions - a.decisions);
      if (rows.length === 0) return view.note('本期间无许可或处罚决定。 No decisions in this period.');
      view.chart(
        horizontalBars(rows, {
          name: (r) => r.department.name,
          value: (r) => r.onTimeRate,
          color: (r) => rateColor(r.onTimeRate),
          formatter: (r) => percent(r.onTimeRate),
          max: 1,
        }),
        { height: Math.max(220, rows.length * 30 + 40) },
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
];
