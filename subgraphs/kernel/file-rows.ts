import { createReadStream } from 'node:fs';

/**
 * Rows of a submission file, streamed: NDJSON (one JSON object a line) or CSV (RFC 4180, header
 * row, quoted fields may hold commas, quotes and newlines). Memory stays flat whatever the size.
 * `line` is where the row starts, so a rejected row can be found in the file.
 */
export interface FileRow {
  line: number;
  value: Record<string, unknown> | null;
  /** Why the row could not be read at all (malformed JSON, wrong column count). */
  error?: string;
}

export async function* readRows(path: string): AsyncGenerator<FileRow> {
  for await (const rows of readRowChunks(path)) yield* rows;
}

/**
 * The same rows, a chunk of the file at a time: a bulk load handles the rows of a chunk without
 * an await between them (an async step per row was a measurable share of a load).
 */
export function readRowChunks(path: string): AsyncGenerator<FileRow[]> {
  if (path.endsWith('.ndjson') || path.endsWith('.jsonl')) return ndjsonRows(path);
  if (path.endsWith('.csv')) return csvRows(path);
  throw new Error(`${path}: expected a .ndjson, .jsonl or .csv file`);
}

/** Line ends as readline has them: \n, \r\n, or a lone \r. */
const LINE_END = /\r?\n|\r(?!\n)/;

function ndjsonRow(text: string, line: number): FileRow | null {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, value: null, error: 'a line must hold one JSON object' };
    return { line, value: value as Record<string, unknown> };
  } catch (e) {
    return { line, value: null, error: `not valid JSON: ${(e as Error).message}` };
  }
}

async function* ndjsonRows(path: string): AsyncGenerator<FileRow[]> {
  let line = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    let text = rest + (chunk as string);
    // A \r at the end may be the first half of \r\n: decided with the next chunk.
    const keepReturn = text.endsWith('\r');
    if (keepReturn) text = text.slice(0, -1);
    const lines = text.indexOf('\r') === -1 ? text.split('\n') : text.split(LINE_END);
    rest = lines.pop()! + (keepReturn ? '\r' : '');
    const out: FileRow[] = [];
    for (const l of lines) {
      const row = ndjsonRow(l, ++line);
      if (row) out.push(row);
    }
    if (out.length > 0) yield out;
  }
  if (rest !== '') {
    const last = rest.split(LINE_END);
    const out: FileRow[] = [];
    for (const l of last) {
      const row = ndjsonRow(l, ++line);
      if (row) out.push(row);
    }
    if (out.length > 0) yield out;
  }
}

/** Splits CSV text into records of fields, across chunk boundaries. */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private quoteSeen = false;
  private atFieldStart = true;
  line = 1;
  recordLine = 1;

  /** Feeds text; returns the records completed in it with the line each started on. */
  push(text: string): { fields: string[]; line: number }[] {
    const out: { fields: string[]; line: number }[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.atFieldStart) {
        this.quoted = true;
        this.atFieldStart = false;
      } else if (ch === ',') {
        this.record.push(this.field);
        this.field = '';
        this.atFieldStart = true;
      } else if (ch === '\n') {
        this.record.push(this.field.endsWith('\r') ? this.field.slice(0, -1) : this.field);
        out.push({ fields: this.record, line: this.recordLine });
        this.record = [];
        this.field = '';
        this.atFieldStart = true;
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += ch;
        this.atFieldStart = false;
      }
    }
    return out;
  }

  /** The last record when the file does not end with a newline. */
  end(): { fields: string[]; line: number } | null {
    if (this.quoteSeen) this.quoted = false;
    if (this.field === '' && this.record.length === 0) return null;
    this.record.push(this.field);
    const last = { fields: this.record, line: this.recordLine };
    this.record = [];
    this.field = '';
    return last;
  }
}

async function* csvRows(path: string): AsyncGenerator<FileRow[]> {
  const parser = new CsvParser();
  let header: string[] | null = null;
  const toRow = (r: { fields: string[]; line: number }): FileRow | null => {
    if (!header) {
      header = r.fields.map((h) => h.trim().replace(/^\uFEFF/, ''));
      return null;
    }
    if (r.fields.length === 1 && r.fields[0] === '') return null;
    if (r.fields.length !== header.length) return { line: r.line, value: null, error: `expected ${header.length} fields, got ${r.fields.length}` };
    return { line: r.line, value: Object.fromEntries(header.map((h, i) => [h, r.fields[i]])) };
  };
  for await (const chunk of createReadStream(path, 'utf8')) {
    const out: FileRow[] = [];
    for (const r of parser.push(chunk as string)) {
      const row = toRow(r);
      if (row) out.push(row);
    }
    if (out.length > 0) yield out;
  }
  const last = parser.end();
  if (last) {
    const row = toRow(last);
    if (row) yield [row];
  }
}
