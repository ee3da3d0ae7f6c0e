import {
  formatDate,
  formatLongDate,
  formatMeasure,
  formatMoney,
  indicatorStatusText,
  issueAddresseeLabels,
  issueKindLabels,
  issueStatusLabels,
  ragLabels,
  returnStatusLabels,
} from '@steerlog/contract';
import type { RagStatus } from '@steerlog/domain';
import { fingerprintMarkdown } from './fingerprint.js';
import { ILLUSTRATIVE } from './highlight.js';
import { escapeMarkdown as md } from './markdown.js';
import { agendaLine } from './minutes-words.js';
import type { Pack } from './pack.js';
import { PACK_SECTIONS } from './pack.js';

const ragText = (r: RagStatus | null) =>
  r ? `${ragLabels[r.current]}${r.previous ? ` (was ${ragLabels[r.previous]})` : ''}` : 'not rated';

/** The board pack as Markdown: the same sections as the PDF; every piece of user text escaped. */
export const packMarkdown = (p: Pack): string => {
  const lines = [
    `# Board pack: ${md(p.meetingTitle)}`,
    '',
    `${md(p.programmeName)}, ${p.date}. The record as of ${formatLongDate(p.asOf)}.`,
    '',
    '## Contents',
    '',
    ...PACK_SECTIONS.map((s, i) => `${i + 1}. ${s}`),
    '',
    '## Agenda',
    '',
  ];
  if (p.agenda.length === 0) lines.push('No agenda was set.');
  else lines.push(...p.agenda.map((i) => `${i.number}. ${md(agendaLine(i))}`));
  lines.push(
    '',
    '## RAG summary',
    '',
    `Programme: ${ragText(p.rag.programme)}${p.rag.programme ? `. ${md(p.rag.programme.reason)}` : ''}`,
    '',
  );
  lines.push(
    '| Partner | RAG |',
    '| --- | --- |',
    ...p.rag.partners.map((l) => `| ${md(l.name)} | ${ragText(l.rag)} |`),
    '',
  );
  if (p.rag.workstreams.length > 0)
    lines.push(
      '| Workstream | RAG |',
      '| --- | --- |',
      ...p.rag.workstreams.map((l) => `| ${md(l.name)} | ${ragText(l.rag)} |`),
      '',
    );
  lines.push('## Matters arising', '');
  if (p.arising.length === 0) lines.push('No open actions.', '');
  else
    lines.push(
      '| Action | Owner | Due | Status |',
      '| --- | --- | --- | --- |',
      ...p.arising.map(
        (a) =>
          `| ${md(a.title)} | ${md(a.owner)} | ${formatDate(a.dueOn)} | ${a.status === 'overdue' ? 'Overdue' : 'Open'} |`,
      ),
      '',
    );
  if (p.overdueReturns.length > 0) lines.push(`Overdue returns: ${p.overdueReturns.map(md).join(', ')}.`, '');
  const questions = p.issues.filter((i) => i.kind === 'question');
  if (questions.length > 0)
    lines.push('Questions for the group and board:', '', ...questions.map((q) => `- ${md(q.title)}`), '');
  lines.push('## Highlight reports', '');
  if (p.round) lines.push(`Reporting round: ${md(p.round.title)}. Returns were due ${formatDate(p.round.dueOn)}.`, '');
  for (const r of p.reports) {
    lines.push(`### ${md(r.name)}${r.illustrative ? ILLUSTRATIVE : ''}`, '');
    lines.push(
      `- Lead: ${r.lead ? md(r.lead) : 'not given'}`,
      `- Date: ${r.reportedOn ? formatDate(r.reportedOn) : 'no report yet'}`,
    );
    if (r.returnStatus) lines.push(`- Return: ${returnStatusLabels[r.returnStatus]}`);
    lines.push(
      `- Overall RAG: previous ${r.rag.previous ? ragLabels[r.rag.previous] : 'not rated'}, current ${r.rag.current ? ragLabels[r.rag.current] : 'not rated'}`,
      '',
    );
    if (r.summary) lines.push(md(r.summary), '');
    if (r.successes.length > 0) lines.push('Successes:', '', ...r.successes.map((s) => `- ${md(s)}`), '');
    if (r.challenges.length > 0) lines.push('Current challenges:', '', ...r.challenges.map((c) => `- ${md(c)}`), '');
    if (r.evidence.length > 0) lines.push(`Evidence: ${r.evidence.map((e) => md(e.fileName)).join(', ')}.`, '');
  }
  lines.push('## Indicators', '');
  if (p.indicators.length === 0) lines.push('No indicators defined.', '');
  else
    lines.push(
      '| Indicator | Baseline | Latest | Target | Status |',
      '| --- | --- | --- | --- | --- |',
      ...p.indicators.map(
        (i) =>
          `| ${md(i.name)} | ${i.baseline ? formatMeasure(i.baseline.value, i.unit) : ''} | ${i.latest ? `${formatMeasure(i.latest.value, i.unit)} (${formatDate(i.latest.on)})` : ''} | ${i.target ? `${formatMeasure(i.target.value, i.unit)} by ${formatDate(i.target.by)}` : ''} | ${indicatorStatusText(i)} |`,
      ),
      '',
    );
  lines.push('## Issues for the group and board', '');
  if (p.issues.length === 0) lines.push('No open issues.');
  for (const i of p.issues)
    lines.push(
      `- ${issueKindLabels[i.kind]} for the ${issueAddresseeLabels[i.addressedTo].toLowerCase()}: ${md(i.title)}${i.raisedBy ? ` (raised by ${md(i.raisedBy)}, ${formatDate(i.raisedOn)})` : ` (${formatDate(i.raisedOn)})`}; ${issueStatusLabels[i.status].toLowerCase()}`,
    );
  lines.push('', '## Funding by financial year', '');
  if (p.funding.length === 0) lines.push('No funding allocated.', '');
  else
    lines.push(
      '| Financial year | Allocated | Spent | Remaining |',
      '| --- | --- | --- | --- |',
      ...p.funding.map(
        (y) =>
          `| ${y.financialYear} | ${formatMoney(y.allocatedPence)} | ${formatMoney(y.spentPence)} | ${formatMoney(y.allocatedPence - y.spentPence)} |`,
      ),
      '',
    );
  lines.push(...fingerprintMarkdown(p.fingerprint));
  return `${lines.join('\n').trimEnd()}\n`;
};
