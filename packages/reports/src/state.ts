import type { ProgrammeView } from '@steerlog/domain';
import { escapeMarkdown as md } from './markdown.js';

const rag = (r: ProgrammeView['rag']) =>
  r
    ? `${r.current.toUpperCase()} (was ${r.previous?.toUpperCase() ?? 'not rated'}; ${r.changedOn}: ${md(r.reason)})`
    : 'not rated';
const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;

/** A programme's state as a Markdown document, for an auditor reading offline; user text escaped. */
export const stateMarkdown = (v: ProgrammeView) => {
  const lines = [
    `# ${md(v.name)}`,
    '',
    `State as of ${v.asOf}, as known at ${v.knownAt} (version ${v.version}, position ${v.position}).`,
    '',
    `Programme RAG: ${rag(v.rag)}`,
    '',
    '## Partners',
    '',
    ...v.partners.map(
      (p) =>
        `- ${md(p.name)} (${p.sector}): ${rag(p.rag)}${p.lastReport ? `; last report ${p.lastReport.reportedOn}` : ''}`,
    ),
    '',
    '## Workstreams',
    '',
  ];
  for (const w of v.workstreams) {
    lines.push(`### ${md(w.name)}: ${rag(w.rag)}`, '');
    for (const m of w.milestones)
      lines.push(
        `- ${m.status}: ${md(m.title)}: due ${m.dueOn}${m.slipDays !== 0 ? ` (originally ${m.originalDueOn}, ${m.slipDays} days)` : ''}${m.completedOn ? `, done ${m.completedOn}` : ''}`,
      );
    lines.push('');
  }
  lines.push(
    '## Funding',
    '',
    `Allocated ${pounds(v.funding.allocatedPence)}, spent ${pounds(v.funding.spentPence)}.`,
    '',
  );
  for (const y of v.funding.byFinancialYear)
    lines.push(`- ${y.financialYear}: allocated ${pounds(y.allocatedPence)}, spent ${pounds(y.spentPence)}`);
  lines.push('', '## Decisions', '', ...v.decisions.map((d) => `- ${d.decidedOn}: ${md(d.summary)}`));
  lines.push(
    '',
    '## Actions',
    '',
    ...v.actions.map(
      (a) =>
        `- ${a.status}: ${md(a.title)} (owner ${md(v.partners.find((p) => p.partnerId === a.ownerPartnerId)?.name ?? a.ownerPartnerId)}, due ${a.dueOn})`,
    ),
  );
  lines.push(
    '',
    '## Training',
    '',
    ...v.training.byLevel.map((t) => `- Level ${t.level}: ${t.sessions} sessions, ${t.attendees} attendees`),
  );
  return `${lines.join('\n')}\n`;
};
