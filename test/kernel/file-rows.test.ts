import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, readRows } from '../../subgraphs/kernel/file-rows.ts';

async function all(path: string) {
  const out = [];
  for await (const r of readRows(path)) out.push(r);
  return out;
}

describe('submission files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rows-'));

  it('parses CSV with quotes, commas and newlines inside fields, across chunk boundaries', () => {
    const p = new CsvParser();
    const text = 'a,b,c\r\n1,"x, y","say ""hi""\nbye"\n2,,z';
    const records = [...text].flatMap((ch) => p.push(ch));
    const last = p.end();
    expect(records.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['1', 'x, y', 'say "hi"\nbye']]);
    expect(records[1]!.line).toBe(2);
    expect(last).toEqual({ fields: ['2', '', 'z'], line: 4 });
  });

  it('reads CSV rows by header, flagging rows with the wrong number of fields', async () => {
    const file = join(dir, 'rows.csv');
    writeFileSync(file, '\uFEFFtype,subjectName\nAdministrativePenalty,甲公司\nbroken\n');
    expect(await all(file)).toEqual([
      { line: 2, value: { type: 'AdministrativePenalty', subjectName: '甲公司' } },
      { line: 3, value: null, error: 'expected 2 fields, got 1' },
    ]);
  });

  it('reads NDJSON, flagging lines that are not one JSON object', async () => {
    const file = join(dir, 'rows.ndjson');
    writeFileSync(file, '{"a":1}\n\n[1,2]\n{"a":\n');
    const rows = await all(file);
    expect(rows[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(rows[1]).toMatchObject({ line: 3, value: null, error: 'a line must hold one JSON object' });
    expect(rows[2]).toMatchObject({ line: 4, value: null });
    await expect(all(join(dir, 'rows.txt'))).rejects.toThrow(/ndjson/);
  });
});
