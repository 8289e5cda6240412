import * as echarts from './vendor/echarts.esm.min.mjs';
import { describeToken, explain, graphql, readToken, saveToken } from './api.js';
import { PANELS } from './panels.js';
import { isMonth, monthsBetween, periodFromSearch, preset } from './period.js';

const $ = (id) => document.getElementById(id);
const charts = new Set();
let generation = 0;

/** Chinese first, for the labels in the charts; WenQuanYi is what Debian's headless Chromium has. */
const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** What a panel's render function draws with, into `body`: charts, tables, figures, notes. */
function view(body) {
  return {
    chart(option, { height = 300 } = {}) {
      const box = el('div', { class: 'chart' });
      box.style.height = `${height}px`;
      body.append(box);
      // Canvas, and the tooltip drawn on it (richText): no inline style attributes, which the
      // page's Content-Security-Policy refuses.
      const chart = echarts.init(box, null, { renderer: 'canvas' });
      chart.setOption({
        textStyle: { fontFamily: FONT },
        animation: false,
        ...option,
        tooltip: { trigger: 'axis', renderMode: 'richText', ...option.tooltip },
      });
      charts.add(chart);
      return chart;
    },
    table(columns, rows, { caption } = {}) {
      const table = el('table', { class: 'data' });
      if (caption) table.append(el('caption', {}, caption));
      table.append(el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { class: c.numeric ? 'num' : '', scope: 'col' }, c.label)))));
      const tbody = el('tbody');
      for (const row of rows) {
        tbody.append(el('tr', {}, ...columns.map((c) => el('td', { class: c.numeric ? 'num' : '', 'data-field': c.key }, c.format ? c.format(row) : String(row[c.key] ?? '—')))));
      }
      table.append(tbody);
      body.append(el('div', { class: 'table-wrap' }, table));
      return table;
    },
    /** Headline figures, each with its change against `before` (null: no comparison). */
    kpis(items, caption) {
      const list = el('dl', { class: 'kpis' });
      for (const item of items) {
        let delta = null;
        if (item.before !== null && item.before !== undefined) {
          const change = item.now - item.before;
          const rate = item.before > 0 ? ` (${change >= 0 ? '+' : ''}${((change / item.before) * 100).toFixed(1)}%)` : '';
          const tone = change === 0 ? 'flat' : (change > 0) === Boolean(item.bad) ? 'worse' : 'better';
          delta = el('span', { class: `delta ${tone}` }, `${change >= 0 ? '+' : ''}${change.toLocaleString('zh-CN')}${rate}`);
        }
        list.append(el('div', { class: 'kpi', 'data-kpi': item.key }, el('dt', {}, item.label), el('dd', {}, el('span', { class: 'value' }, Number(item.now).toLocaleString('zh-CN')), delta)));
      }
      body.append(list);
      if (caption) body.append(el('p', { class: 'note small' }, caption));
    },
    /** Side by side on a wide screen: each function draws into its own column. */
    row(...parts) {
      const row = el('div', { class: 'split' });
      body.append(row);
      // Every column first: a chart takes its width when drawn, so the grid must be final by then.
      const columns = parts.map(() => row.appendChild(el('div', { class: 'column' })));
      parts.forEach((part, i) => part(view(columns[i])));
    },
    note(text) {
      body.append(el('p', { class: 'note' }, text));
    },
  };
}

function disposeCharts(root) {
  for (const chart of [...charts]) {
    if (root.contains(chart.getDom())) {
      chart.dispose();
      charts.delete(chart);
    }
  }
}

function setState(card, state, message) {
  card.dataset.state = state;
  const note = card.querySelector('.panel-state');
  note.textContent = message ?? '';
  note.hidden = !message;
}

function buildCards(container, period) {
  container.replaceChildren();
  return PANELS.map((panel) => {
    let select = null;
    if (panel.monthSelect && isMonth(period.from) && isMonth(period.to) && period.from <= period.to) {
      // Newest first, the period's last month chosen.
      select = el('select', { class: 'month-select', 'aria-label': '月份 Month' }, ...monthsBetween(period.from, period.to).reverse().map((m) => el('option', { value: m }, m)));
    }
    const card = el(
      'section',
      { class: `panel${panel.wide ? ' wide' : ''}`, 'data-panel': panel.id, 'data-state': 'idle' },
      el('header', {}, el('div', { class: 'title-row' }, el('h2', {}, panel.title), select), el('p', { class: 'hint' }, panel.subtitle ?? '')),
      el('p', { class: 'panel-state', hidden: true }),
      el('div', { class: 'panel-body' }),
    );
    container.append(card);
    return { panel, card, select };
  });
}

function showAlert(text) {
  const alert = $('alert');
  alert.textContent = text;
  alert.hidden = !text;
}

function showTokenInfo(token) {
  const info = $('token-info');
  if (!token) {
    info.textContent = '未设置令牌 No token set';
    return;
  }
  const claims = describeToken(token);
  if (!claims) {
    info.textContent = '已设置令牌（无法解析） Token set (not a readable JWT)';
    return;
  }
  const expires = claims.expires
    ? new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(claims.expires)
    : '—';
  info.textContent = `已设置 ${claims.kind ?? '?'} 令牌 · scopes: ${claims.scopes.join(' ') || '—'} · 有效至 expires ${expires}`;
}

function currentPeriod() {
  return { from: $('period-from').value, to: $('period-to').value };
}

function writePeriod(period) {
  $('period-from').value = period.from;
  $('period-to').value = period.to;
  const url = new URL(location.href);
  url.search = new URLSearchParams(period).toString();
  history.replaceState(null, '', url);
}

async function loadPanel({ panel, card, select }, period, token, mine) {
  setState(card, 'loading', '加载中 Loading…');
  try {
    const data = await graphql(panel.query, panel.variables(period, { month: select?.value }), token);
    if (mine !== generation) return { ok: true };
    const body = card.querySelector('.panel-body');
    disposeCharts(body);
    body.replaceChildren();
    setState(card, 'ready');
    panel.render(view(body), data, period);
    return { ok: true };
  } catch (error) {
    if (mine !== generation) return { ok: true };
    disposeCharts(card.querySelector('.panel-body'));
    card.querySelector('.panel-body').replaceChildren();
    setState(card, 'error', explain(error));
    return { ok: false, error };
  }
}

async function refresh() {
  const mine = ++generation;
  disposeCharts(document);
  const period = currentPeriod();
  const cards = buildCards($('panels'), period);
  const token = readToken();
  showAlert('');
  showTokenInfo(token);
  if (!token) {
    document.body.dataset.state = 'no-token';
    $('status').textContent = '请先粘贴内部令牌。 Paste an internal token to load the dashboard.';
    for (const { card } of cards) setState(card, 'idle', '需要令牌 Token required');
    return;
  }
  if (!isMonth(period.from) || !isMonth(period.to) || period.from > period.to) {
    document.body.dataset.state = 'error';
    showAlert('统计期间无效：起始月份须早于或等于截止月份。 Invalid period: From must not be after To.');
    return;
  }
  document.body.dataset.state = 'loading';
  $('status').textContent = `加载中 Loading ${period.from} – ${period.to}…`;
  for (const c of cards) {
    c.select?.addEventListener('change', () => void loadPanel(c, period, token, generation));
  }
  const results = await Promise.all(cards.map((c) => loadPanel(c, period, token, mine)));
  if (mine !== generation) return;
  const failed = results.filter((r) => !r.ok);
  // A token problem fails every panel the same way: say it once, at the top.
  const denial = failed.find((r) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(r.error.code));
  if (denial) {
    document.body.dataset.state = 'denied';
    document.body.dataset.errorCode = denial.error.code;
    showAlert(explain(denial.error));
  } else {
    document.body.dataset.state = failed.length ? 'partial' : 'ready';
    delete document.body.dataset.errorCode;
  }
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date());
  $('status').textContent = `${period.from} – ${period.to} · ${results.length - failed.length}/${results.length} 个面板已更新 panels updated ${time}（北京时间）`;
}

function wire() {
  writePeriod(periodFromSearch(location.search));
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('token-input');
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    input.value = '';
    saveToken(token);
    void refresh();
  });
  $('token-clear').addEventListener('click', () => {
    $('token-input').value = '';
    saveToken('');
    void refresh();
  });
  $('period-form').addEventListener('submit', (event) => {
    event.preventDefault();
    writePeriod(currentPeriod());
    void refresh();
  });
  for (const button of document.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => {
      writePeriod(preset(button.dataset.preset));
      void refresh();
    });
  }
  let pending = 0;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => { for (const chart of charts) chart.resize(); }, 100);
  });
  void refresh();
}

wire();
