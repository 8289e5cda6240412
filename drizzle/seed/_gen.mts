import { generateLegalPerson, generateNaturalPerson } from '/work/main/drizzle/seed/subjects.ts';
const n = Number(process.argv[2] ?? 1000000);
let t0 = performance.now();
const names = new Set<string>(); const usccs = new Set<string>();
for (let i = 0; i < n; i++) { const g = generateLegalPerson(1, i); names.add(g.row.name); usccs.add(g.row.uscc); }
console.log('lp', n, names.size, usccs.size, ((performance.now() - t0) / 1000).toFixed(2), 's');
t0 = performance.now();
const ids = new Set<string>(); const hashes = new Set<string>();
for (let j = 0; j < n / 10; j++) { const p = generateNaturalPerson(1, j, 'k'); ids.add(p.row.id); hashes.add(p.row.idNumberHash); }
console.log('np', ids.size, hashes.size, ((performance.now() - t0) / 1000).toFixed(2), 's');
