/**
 * Seeded randomness for the demo seed. Every subject gets its own generator, derived from the run's
 * seed and the subject's index, so a row does not depend on how many rows came before it or on
 * the chunk size: the same (seed, index) always yields the same subject and the same records.
 */

/** Mixes three integers into a 32-bit seed (murmur3's finaliser: neighbouring indexes diverge). */
export function deriveSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (index + 0x7f4a7c15), 0xcc9e2d51) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Independent streams, so adding draws to one kind of record does not shift another's. */
export const STREAM = {
  legalPerson: 1,
  naturalPerson: 2,
  showcase: 3,
} as const;

/** A precomputed weighted table: cumulative weights make each draw a short scan, no allocation. */
export interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (weight <= 0) continue;
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  if (items.length === 0) throw new Error('weighted: no entry has a positive weight');
  return { items, cumulative, total };
}

/** mulberry32: tiny, fast, and good enough for demo data (not for anything secret). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static forRow(seed: number, stream: number, index: number): Random {
    return new Random(deriveSeed(seed, stream, index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(table: Weighted<T>): T {
    const r = this.next() * table.total;
    const c = table.cumulative;
    for (let i = 0; i < c.length; i++) if (r < c[i]!) return table.items[i]!;
    return table.items[table.items.length - 1]!;
  }

  /** An ISO date uniformly between two ISO dates, both inclusive. */
  date(from: string, to: string): string {
    return isoDate(this.int(dayNumber(from), dayNumber(to)));
  }

  /** A money amount in yuan as a decimal string, rounded to `step` yuan (fines are round sums). */
  yuan(min: number, max: number, step = 100): string {
    const lo = Math.ceil(min / step);
    const hi = Math.floor(max / step);
    return `${this.int(lo, Math.max(lo, hi)) * step}.00`;
  }

  /** `n` lowercase hex characters. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, n);
  }
}

// Dates are handled as day numbers (days since 1970-01-01, UTC) so no time zone can shift them.
const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** Same day `years` later; 29 February falls back to 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * A bijection on [0, modulus): index → (index × multiplier + offset) mod modulus. With the
 * multiplier coprime to the modulus distinct indexes give distinct values, which is how codes and
 * names stay unique at any size while not looking sequential. Safe while the product stays below
 * 2^53 (indexes up to ~10^7 with the multipliers used here).
 */
export function scatter(index: number, multiplier: number, offset: number, modulus: number): number {
  return (((index % modulus) * multiplier + offset) % modulus + modulus) % modulus;
}
