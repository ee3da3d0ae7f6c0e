import { canonicalJson } from './canonical.js';
import type { ProgrammeView } from './view.js';

export type ViewDiff = {
  added: { kind: string; id: string; item: unknown }[];
  changed: { kind: string; id: string; field: string; before: unknown; after: unknown }[];
  removed: { kind: string; id: string; item: unknown }[];
};

type Keyed = Record<string, unknown>;

/** The things of a view, kind by kind, each under its id. */
const things = (v: ProgrammeView): Record<string, Map<string, Keyed>> => ({
  // A point before the launch has no programme (its view's id is empty), so nothing there to remove.
  programme: new Map(
    v.programmeId === ''
      ? []
      : [[v.programmeId, { name: v.name, ambition: v.ambition, rag: v.rag, openMeetingId: v.openMeetingId }]],
  ),
  partner: new Map(v.partners.map((p) => [p.partnerId, p])),
  workstream: new Map(v.workstreams.map(({ milestones: _m, ...w }) => [w.workstreamId, w])),
  milestone: new Map(
    v.workstreams.flatMap((w) =>
      w.milestones.map((m) => [m.milestoneId, { ...m, workstreamId: w.workstreamId }] as const),
    ),
  ),
  allocation: new Map(v.funding.allocations.map((a) => [a.allocationId, a])),
  meeting: new Map(v.meetings.map((m) => [m.meetingId, m])),
  decision: new Map(v.decisions.map((d) => [d.decisionId, d])),
  action: new Map(v.actions.map((a) => [a.actionId, a])),
  risk: new Map(v.risks.map((r) => [r.riskId, r])),
  champion: new Map(v.champions.map((c) => [c.championId, c])),
  maturity: new Map(v.maturity.map((m) => [`${m.partnerId ?? 'programme'}:${m.domain}`, m])),
  training: new Map(v.training.byLevel.map((t) => [`level-${t.level}`, t])),
});

/** What changed between two views of one programme: things added, fields changed (before, after), things gone. */
export const diffViews = (from: ProgrammeView, to: ProgrammeView): ViewDiff => {
  const a = things(from);
  const b = things(to);
  const diff: ViewDiff = { added: [], changed: [], removed: [] };
  for (const [kind, after] of Object.entries(b)) {
    const before = a[kind] ?? new Map<string, Keyed>();
    for (const [id, item] of after) {
      const old = before.get(id);
      if (!old) {
        diff.added.push({ kind, id, item });
        continue;
      }
      for (const field of new Set([...Object.keys(old), ...Object.keys(item)])) {
        if (canonicalJson(old[field]) !== canonicalJson(item[field]))
          diff.changed.push({ kind, id, field, before: old[field] ?? null, after: item[field] ?? null });
      }
    }
    for (const [id, item] of before) if (!after.has(id)) diff.removed.push({ kind, id, item });
  }
  return diff;
};
