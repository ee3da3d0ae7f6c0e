import type { MinuteAction, Minutes } from '@steerlog/contract';
import { formatDate } from '@steerlog/contract';
import { fingerprintMarkdown } from './fingerprint.js';
import { ILLUSTRATIVE } from './highlight.js';
import { escapeMarkdown as md } from './markdown.js';
import { agendaLine, minuteFacts, statusWord } from './minutes-words.js';

const mark = (v: { illustrative?: true }) => (v.illustrative ? ILLUSTRATIVE : '');
const struck = (text: string, retracted: boolean) => (retracted ? `~~${text}~~ (withdrawn)` : text);

const actionLine = (a: MinuteAction) => `${md(a.title)} (owner ${md(a.owner)}, due ${formatDate(a.dueOn)})${mark(a)}`;

/** The minute as Markdown for people: UK times, names, numbered within the minute; user text escaped. */
export const minutesMarkdown = (m: Minutes): string => {
  const lines = [`# Minute: ${md(m.title)}${mark(m)}`, '', md(m.programmeName), ''];
  for (const [label, value] of minuteFacts(m)) lines.push(`- ${label}: ${md(value)}`);
  if (m.agenda.length > 0) lines.push('', '## Agenda', '', ...m.agenda.map((i) => `${i.number}. ${md(agendaLine(i))}`));
  lines.push('', '## Decisions', '');
  if (m.decisions.length === 0) lines.push('No decisions were recorded.', '');
  for (const d of m.decisions) {
    lines.push(`### ${d.number}. ${struck(md(d.summary), d.retracted)}${mark(d)}`, '');
    lines.push(`Rationale: ${d.rationale ? md(d.rationale) : 'none recorded'}.`, '');
    if (d.alternativesRejected.length > 0)
      lines.push(`Alternatives rejected: ${d.alternativesRejected.map(md).join('; ')}.`, '');
    if (d.conflictsDeclared.length > 0)
      lines.push(`Conflicts declared: ${d.conflictsDeclared.map(md).join('; ')}.`, '');
    if (d.actions.length > 0) lines.push('Actions arising:', '', ...d.actions.map((a) => `- ${actionLine(a)}`), '');
  }
  lines.push('## Actions', '');
  if (m.actions.length === 0) lines.push('No actions were assigned.', '');
  else
    lines.push(
      '| No. | Action | Owner | Due | Status | From decision |',
      '| --- | --- | --- | --- | --- | --- |',
      ...m.actions.map(
        (a, i) =>
          `| ${i + 1} | ${md(a.title)}${mark(a)} | ${md(a.owner)} | ${formatDate(a.dueOn)} | ${statusWord[a.status]} | ${a.decisionNumber ?? ''} |`,
      ),
      '',
    );
  if (m.otherBusiness.length > 0) {
    lines.push('## Also recorded', '');
    for (const o of m.otherBusiness) lines.push(`${o.number}. ${o.time}: ${struck(md(o.text), o.retracted)}${mark(o)}`);
    lines.push('');
  }
  lines.push(...fingerprintMarkdown(m.fingerprint));
  return `${lines.join('\n').trimEnd()}\n`;
};
