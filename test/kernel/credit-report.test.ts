import { describe, expect, it } from 'vitest';
import { readCommittedSupergraph } from '../../gateway/src/compose.ts';
import { supergraphListSizes } from '../../gateway/src/limits.ts';
import { escapeHtml } from '../../gateway/src/report-html.ts';
import { part, REPORT_PART_ITEMS, type ReportPart } from '../../subgraphs/kernel/credit-report.ts';
import { domainParts, reportLevel, sectionsOf } from '../../subgraphs/platform/reports.ts';

const p = (section: ReportPart['section'], source: string, level: ReportPart['accessLevel']) => part(section, source, source, level, 0, []);

describe('report assembly', () => {
  it('issues no report while a domain cannot answer, naming the domains', () => {
    const parts = { uscc: 'x', governmentReportParts: [], businessReportParts: null, socialReportParts: [] };
    try {
      domainParts(parts);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as { extensions?: unknown }).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'REPORT_PARTS_UNAVAILABLE', domains: ['business', 'judicial'] });
    }
  });

  it('takes the lowest level the domains read at, ignoring the public registry part', () => {
    expect(reportLevel([p('BASIC', 'PLATFORM', 'PUBLIC'), p('OTHER', 'GOVERNMENT', 'INTERNAL'), p('OTHER', 'SOCIAL', 'INTERNAL')])).toBe('INTERNAL');
    expect(reportLevel([p('BASIC', 'PLATFORM', 'PUBLIC'), p('OTHER', 'GOVERNMENT', 'INTERNAL'), p('OTHER', 'SOCIAL', 'AUTHORIZED')])).toBe('AUTHORIZED');
    expect(reportLevel([p('BASIC', 'PLATFORM', 'PUBLIC')])).toBe('PUBLIC');
  });

  it('groups parts into sections in print order and leaves out empty sections', () => {
    const sections = sectionsOf([p('OTHER', 'SOCIAL', 'PUBLIC'), p('JUDICIAL', 'JUDICIAL', 'PUBLIC'), p('BASIC', 'PLATFORM', 'PUBLIC'), p('OTHER', 'BUSINESS', 'PUBLIC')]);
    expect(sections.map((s) => [s.key, s.title, s.parts.map((x) => x.source)])).toEqual([
      ['BASIC', '基础信息', ['PLATFORM']],
      ['JUDICIAL', '司法信息', ['JUDICIAL']],
      ['OTHER', '其他信息', ['SOCIAL', 'BUSINESS']],
    ]);
  });

  it('the cost estimate counts report lists at the sizes the SDL states, and the items cap matches', () => {
    const sizes = supergraphListSizes(readCommittedSupergraph());
    expect(sizes.get('CreditReport.sections')).toBe(7);
    expect(sizes.get('ReportPart.items')).toBe(REPORT_PART_ITEMS);
    expect(sizes.get('ReportItem.facts')).toBe(16);
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});
