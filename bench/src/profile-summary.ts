import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`): the functions with the most self
 * time, and the most inclusive time (each function counted once per sample, whatever the
 * recursion), as shares of all samples. Usage: profile-summary FILE [--top N] [--match TEXT]
 */
type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const root = new URL('../../', import.meta.url).pathname;

const label = (f: CallFrame) => {
  const file = f.url.startsWith('file://') ? relative(root, new URL(f.url).pathname) : f.url || '(native)';
  const short = file.replace(/^node_modules\/\.pnpm\/([^/]+)\/node_modules\//, '$1:');
  return `${f.functionName || '(anonymous)'} ${short}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};

export const summarizeProfile = (path: string, top = 25, match?: string) => {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') idle += dt;
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = label(byId.get(n)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const busy = total - idle;
  const rank = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(idle)') && (!match || k.includes(match)))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ fn: k, ms: Math.round(us / 1000), pctOfBusy: Math.round((1000 * us) / busy) / 10 }));
  return {
    file: path,
    wallMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    self: rank(self),
    inclusive: rank(inclusive).filter((r) => !/^\((root|program)\)/.test(r.fn)),
  };
};

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const matchAt = args.indexOf('--match');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const match = matchAt >= 0 ? args[matchAt + 1] : undefined;
  const optionValues = new Set([topAt, matchAt].filter((i) => i >= 0).map((i) => i + 1));
  const files = args.filter((a, i) => !a.startsWith('--') && !optionValues.has(i));
  for (const file of files) {
    const s = summarizeProfile(file, top, match);
    console.log(`\n${s.file}: wall ${s.wallMs} ms, busy ${s.busyMs} ms, idle ${s.idleMs} ms`);
    console.log('  self time (share of busy):');
    for (const r of s.self)
      console.log(`    ${String(r.pctOfBusy).padStart(5)}%  ${String(r.ms).padStart(7)} ms  ${r.fn}`);
    console.log('  inclusive time (share of busy):');
    for (const r of s.inclusive)
      console.log(`    ${String(r.pctOfBusy).padStart(5)}%  ${String(r.ms).padStart(7)} ms  ${r.fn}`);
  }
}
