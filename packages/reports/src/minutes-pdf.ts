import type { Minutes } from '@steerlog/contract';
import { formatDate } from '@steerlog/contract';
import { ILLUSTRATIVE } from './highlight.js';
import { agendaLine, minuteFacts, statusWord } from './minutes-words.js';
import { Paper } from './pdf.js';

const mark = (v: { illustrative?: true }) => (v.illustrative ? ILLUSTRATIVE : '');
const withdrawn = (text: string, retracted: boolean) => (retracted ? `${text} (withdrawn)` : text);

/** The minute as a PDF: the same sections as the Markdown, set for print, with its fingerprint. */
export const minutesPdf = (m: Minutes): Promise<Buffer> => {
  const paper = new Paper(`Minute: ${m.title}`, `${m.programmeName} · Minute: ${m.title} · ${m.date}`);
  paper.title(`Minute: ${m.title}${mark(m)}`, m.programmeName);
  paper.facts(minuteFacts(m));

  if (m.agenda.length > 0) {
    paper.heading('Agenda');
    paper.bullets(m.agenda.map((i) => `${i.number}. ${agendaLine(i)}`));
  }
  paper.heading('Decisions');
  if (m.decisions.length === 0) paper.paragraph('No decisions were recorded.', { muted: true });
  for (const d of m.decisions) {
    paper.subheading(`${d.number}. ${withdrawn(d.summary, d.retracted)}${mark(d)}`);
    const facts: [string, string][] = [['Rationale', d.rationale ?? 'none recorded']];
    if (d.alternativesRejected.length > 0) facts.push(['Alternatives rejected', d.alternativesRejected.join('; ')]);
    if (d.conflictsDeclared.length > 0) facts.push(['Conflicts declared', d.conflictsDeclared.join('; ')]);
    if (d.actions.length > 0)
      facts.push([
        'Actions arising',
        d.actions.map((a) => `${a.title} (owner ${a.owner}, due ${formatDate(a.dueOn)})`).join('; '),
      ]);
    paper.facts(facts);
  }

  paper.heading('Actions');
  if (m.actions.length === 0) paper.paragraph('No actions were assigned.', { muted: true });
  else
    paper.table(
      [
        { header: 'No.', width: 0.6 },
        { header: 'Action', width: 3.8 },
        { header: 'Owner', width: 2.2 },
        { header: 'Due', width: 1.4 },
        { header: 'Status', width: 1.2 },
        { header: 'Decision', width: 1.3 },
      ],
      m.actions.map((a, i) => [
        String(i + 1),
        `${a.title}${mark(a)}`,
        a.owner,
        formatDate(a.dueOn),
        statusWord[a.status],
        a.decisionNumber === null ? '' : String(a.decisionNumber),
      ]),
    );

  if (m.otherBusiness.length > 0) {
    paper.heading('Also recorded');
    paper.table(
      [
        { header: 'No.', width: 0.6 },
        { header: 'Time', width: 1 },
        { header: 'What was recorded', width: 8.8 },
      ],
      m.otherBusiness.map((o) => [String(o.number), o.time, `${withdrawn(o.text, o.retracted)}${mark(o)}`]),
    );
  }
  paper.fingerprint(m.fingerprint);
  return paper.finish();
};
