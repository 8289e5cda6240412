// The period is whole months in Asia/Shanghai, the platform's calendar.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function currentMonth(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}`;
}

export function isMonth(value) {
  return typeof value === 'string' && MONTH.test(value);
}

export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function firstDay(month) {
  return `${month}-01`;
}

export function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from, to) {
  const out = [];
  for (let m = from; m <= to && out.length < 600; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function preset(name, now = new Date()) {
  const current = currentMonth(now);
  const year = current.slice(0, 4);
  switch (name) {
    case 'thisYear':
      return { from: `${year}-01`, to: current };
    case 'lastYear':
      return { from: `${Number(year) - 1}-01`, to: `${Number(year) - 1}-12` };
    default:
      return { from: addMonths(current, -11), to: current };
  }
}

/** The period from `?from=YYYY-MM&to=YYYY-MM`, or the last 12 months. */
export function periodFromSearch(search, now = new Date()) {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (isMonth(from) && isMonth(to) && from <= to) return { from, to };
  return preset('last12', now);
}
