import type { HighlightRow } from '@steerlog/contract';
import { formatDate, formatLongDate, ragLabels } from '@steerlog/contract';
import type { ProgrammeView, Rag } from '@steerlog/domain';
import { escapeMarkdown as md } from './markdown.js';

/** The West Yorkshire highlight slide, one row per partner, from a state as of some date. */
export const highlightRows = (view: ProgrammeView, partnerId?: string): HighlightRow[] =>
  view.partners
    .filter((p) => partnerId === undefined || p.partnerId === partnerId)
    .map((p) => ({
      partnerId: p.partnerId,
      name: p.name,
      lead: p.lastReport?.lead ?? p.lead,
      reportedOn: p.lastReport?.reportedOn ?? null,
      rag: { previous: p.rag?.previous ?? null, current: p.rag?.current ?? null },
      summary: p.lastReport?.summary ?? null,
      successes: p.lastReport?.successes ?? [],
      challenges: p.lastReport?.challenges ?? [],
      upcoming: p.lastReport?.upcoming ?? [],
    }));

const ragWord = (rag: Rag | null) => (rag ? ragLabels[rag] : 'not rated');

/** The report as Markdown for people: dates in words; every piece of user text escaped. */
export const highlightMarkdown = (view: ProgrammeView, rows: HighlightRow[]) => {
  const lines = [`# Highlight reports: ${md(view.name)}`, '', `As of ${formatLongDate(view.asOf)}.`, ''];
  for (const r of rows) {
    lines.push(`## ${md(r.name)}`, '');
    lines.push(`- Lead: ${r.lead ? md(r.lead) : 'not given'}`);
    lines.push(`- Date: ${r.reportedOn ? formatDate(r.reportedOn) : 'no report yet'}`);
    lines.push(`- Overall RAG: previous ${ragWord(r.rag.previous)}, current ${ragWord(r.rag.current)}`, '');
    if (r.summary) lines.push('### Project summary', '', md(r.summary), '');
    if (r.successes.length > 0) lines.push('### Successes', '', ...r.successes.map((s) => `- ${md(s)}`), '');
    if (r.challenges.length > 0) lines.push('### Current challenges', '', ...r.challenges.map((c) => `- ${md(c)}`), '');
    if (r.upcoming.length > 0)
      lines.push(
        '### Upcoming milestones',
        '',
        ...r.upcoming.map((u) => `- ${md(u.title)}${u.dueOn ? ` (due ${formatDate(u.dueOn)})` : ''}`),
        '',
      );
  }
  return `${lines.join('\n').trimEnd()}\n`;
};

/** RFC 4180 field: quoted when it holds a comma, quote or newline; a leading =+-@ is defused for spreadsheets. */
const csvField = (value: string | null) => {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const highlightCsv = (rows: HighlightRow[]) => {
  const header = [
    'partnerId',
    'name',
    'lead',
    'reportedOn',
    'ragPrevious',
    'ragCurrent',
    'summary',
    'successes',
    'challenges',
    'upcoming',
  ];
  const body = rows.map((r) =>
    [
      r.partnerId,
      r.name,
      r.lead,
      r.reportedOn,
      r.rag.previous,
      r.rag.current,
      r.summary,
      r.successes.join('; '),
      r.challenges.join('; '),
      r.upcoming.map((u) => (u.dueOn ? `${u.title} (${u.dueOn})` : u.title)).join('; '),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...body].join('\r\n')}\r\n`;
};
