import type { Fingerprint, HighlightRow } from '@steerlog/contract';
import { formatDate, formatLongDate, ragLabels } from '@steerlog/contract';
import type { ProgrammeView, Rag } from '@steerlog/domain';
import { ILLUSTRATIVE } from './highlight.js';
import { Paper } from './pdf.js';

const ragWord = (rag: Rag | null) => (rag ? ragLabels[rag] : 'not rated');

/**
 * One partner's highlight report, the West Yorkshire slide set as a section: lead, date, overall
 * RAG (previous and current, each a chip and its word), summary, successes, challenges, upcoming,
 * and the evidence it cites.
 * `status` is the return's status in a reporting round, where there is one.
 */
export const highlightSection = (paper: Paper, r: HighlightRow, status?: string) => {
  paper.subheading(`${r.name}${r.illustrative ? ILLUSTRATIVE : ''}`);
  const facts: [string, string][] = [
    ['Lead', r.lead ?? 'not given'],
    ['Date', r.reportedOn ? formatDate(r.reportedOn) : 'no report yet'],
  ];
  if (status) facts.push(['Return', status]);
  paper.facts(facts);
  paper.labelledRag('Overall RAG, current:', r.rag.current, ragWord(r.rag.current));
  paper.labelledRag('Previous:', r.rag.previous, ragWord(r.rag.previous));
  if (r.summary) paper.facts([['Summary', r.summary]]);
  if (r.successes.length > 0) paper.paragraph('Successes').bullets(r.successes);
  if (r.challenges.length > 0) paper.paragraph('Current challenges').bullets(r.challenges);
  if (r.upcoming.length > 0)
    paper
      .paragraph('Upcoming milestones')
      .bullets(r.upcoming.map((u) => (u.dueOn ? `${u.title} (due ${formatDate(u.dueOn)})` : u.title)));
  if (r.evidence.length > 0) paper.paragraph('Evidence').bullets(r.evidence.map((e) => e.fileName));
};

/** `GET .../reports/highlight?format=pdf`: every partner's report as of a date, with the fingerprint. */
export const highlightPdf = (view: ProgrammeView, rows: readonly HighlightRow[], fingerprint: Fingerprint) => {
  const paper = new Paper(
    `Highlight reports: ${view.name}`,
    `${view.name} · Highlight reports as of ${formatLongDate(view.asOf)}`,
  );
  paper.title(`Highlight reports: ${view.name}`, `As of ${formatLongDate(view.asOf)}`);
  if (rows.length === 0) paper.paragraph('No partners yet.', { muted: true });
  for (const r of rows) highlightSection(paper, r);
  paper.fingerprint(fingerprint);
  return paper.finish();
};
