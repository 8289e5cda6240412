/**
 * The printable credit report (信用报告) page, rendered on the server from the signed document
 * itself, so what is printed is what the signature covers. Every value is escaped: the document
 * carries text that departments and subjects submitted.
 */

export const REPORT_KEYS_PATH = '/.well-known/credit-report-keys.json';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

interface Fact {
  name: string;
  value: string;
}
interface Item {
  recordId: string | null;
  recordType: string;
  title: string;
  date: string | null;
  authority: string | null;
  status: string | null;
  facts: Fact[];
}
interface Part {
  section: string;
  source: string;
  title: string;
  accessLevel: string;
  totalCount: number;
  items: Item[];
}
interface Section {
  key: string;
  title: string;
  parts: Part[];
}
export interface RenderedDocument {
  id: string;
  issuedAt: string;
  issuer: string;
  subject: { uscc: string; name: string };
  requestedBy: { kind: string; id: string | null; purpose: string | null };
  accessLevel: string;
  sections: Section[];
}

const LEVEL_NAMES: Record<string, string> = { PUBLIC: '公开', AUTHORIZED: '授权', INTERNAL: '政务内部' };

const STYLE = `
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;color:#111;line-height:1.5;padding:0 1rem}
h1{font-size:1.6rem;text-align:center;margin-bottom:.25rem}
.meta{width:100%;border-collapse:collapse;margin:1rem 0}
.meta th,.meta td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
.meta th{width:10rem;background:#f3f3f3}
h2{font-size:1.2rem;border-bottom:2px solid #333;margin-top:2rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
.count{color:#555;font-weight:normal;font-size:.9rem}
.item{border:1px solid #ccc;margin:.5rem 0;padding:.4rem .6rem;break-inside:avoid}
.item h4{margin:0;font-size:.95rem}
.item dl{display:grid;grid-template-columns:10rem 1fr;margin:.3rem 0 0;gap:.1rem .5rem;font-size:.9rem}
.item dt{color:#555}.item dd{margin:0;white-space:pre-wrap;word-break:break-all}
.none{color:#555;font-style:italic}
.signature{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.7rem;word-break:break-all;border:1px dashed #999;padding:.5rem;background:#fafafa}
.verify{font-size:.9rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3{break-after:avoid}.signature{background:none}a{color:inherit;text-decoration:none}}
@page{size:A4;margin:18mm 15mm}
`;

function renderItem(item: Item): string {
  const head = [item.date, item.authority, item.status].filter((v) => v).map(escapeHtml).join(' · ');
  const rows = item.facts.map((f) => `<dt>${escapeHtml(f.name)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('');
  const id = item.recordId ? `<dt>记录编号</dt><dd><code>${escapeHtml(item.recordId)}</code></dd>` : '';
  return `<div class="item"><h4>${escapeHtml(item.title)}</h4>${head ? `<div class="count">${head}</div>` : ''}<dl>${rows}${id}</dl></div>`;
}

function renderPart(part: Part): string {
  const shown = part.items.length < part.totalCount ? `，显示最新 ${part.items.length} 条` : '';
  const items = part.items.length > 0 ? part.items.map(renderItem).join('') : '<p class="none">无记录</p>';
  return `<h3>${escapeHtml(part.title)} <span class="count">(${escapeHtml(part.source)}，共 ${escapeHtml(part.totalCount)} 条${shown})</span></h3>${items}`;
}

/** The whole page: header table, sections in order, then the signature and how to check it. */
export function renderReportHtml(doc: RenderedDocument, signature: string, documentSha256: string): string {
  const level = `${LEVEL_NAMES[doc.accessLevel] ?? doc.accessLevel} (${doc.accessLevel})`;
  const requester = [doc.requestedBy.kind, doc.requestedBy.id, doc.requestedBy.purpose].filter((v) => v).join(' / ');
  const sections = doc.sections.map((s) => `<section><h2>${escapeHtml(s.title)}</h2>${s.parts.map(renderPart).join('')}</section>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>信用报告 ${escapeHtml(doc.id)}</title><style>${STYLE}</style></head>
<body>
<h1>信用报告</h1>
<table class="meta">
<tr><th>报告编号</th><td><code>${escapeHtml(doc.id)}</code></td></tr>
<tr><th>出具时间</th><td>${escapeHtml(doc.issuedAt)}</td></tr>
<tr><th>出具机构</th><td>${escapeHtml(doc.issuer)}</td></tr>
<tr><th>主体名称</th><td>${escapeHtml(doc.subject.name)}</td></tr>
<tr><th>统一社会信用代码</th><td><code>${escapeHtml(doc.subject.uscc)}</code></td></tr>
<tr><th>查询级别</th><td>${escapeHtml(level)}</td></tr>
<tr><th>查询方</th><td>${escapeHtml(requester)}</td></tr>
</table>
${sections}
<section class="verify"><h2>电子签名与验证</h2>
<p>本报告由平台以 ES256 (JWS) 签名。签名的内容即报告文档 (规范化 JSON，SHA-256 <code>${escapeHtml(documentSha256)}</code>)。</p>
<div class="signature">${escapeHtml(signature)}</div>
<p>验证方法：将上面的签名提交给 GraphQL 查询 <code>verifyCreditReport(jws: …)</code>；或用任意 JOSE 库离线验证：从
<code>${escapeHtml(REPORT_KEYS_PATH)}</code> 取得平台公钥 (JWKS)，按签名头中的 <code>kid</code> 选取公钥，验证 ES256 紧凑序列化签名，
签名头 <code>typ</code> 为 <code>credit-report+jws</code>，载荷即报告文档。</p>
</section>
</body></html>`;
}

/** A short page for a report that could not be made (bad code, unknown subject, refused caller). */
export function renderErrorHtml(status: number, code: string, message: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>信用报告: ${escapeHtml(code)}</title><style>${STYLE}</style></head>
<body><h1>信用报告</h1><p>无法出具报告 (${escapeHtml(status)} ${escapeHtml(code)})：${escapeHtml(message)}</p></body></html>`;
}
