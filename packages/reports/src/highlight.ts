import type { Fingerprint, HighlightRow } from '@steerlog/contract';
import { formatDate, formatLongDate, ragLabels } from '@steerlog/contract';
import type { ProgrammeView, Rag } from '@steerlog/domain';
import { fingerprintMarkdown } from './fingerprint.js';
import { escapeMarkdown as md } from './markdown.js';

/** The West Yorkshire highlight slide, one row per partner, from a state as of some date. */
export const highlightRows = (view: ProgrammeView, partnerId?: string): HighlightRow[] => {
  const files = new Map(view.evidence.map((e) => [e.evidenceId, e.fileName]));
  return view.partners
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
      evidence: (p.lastReport?.evidenceIds ?? []).flatMap((evidenceId) => {
        const fileName = files.get(evidenceId);
        return fileName === undefined ? [] : [{ evidenceId, fileName }];
      }),
      ...(p.illustrative || p.rag?.illustrative || p.lastReport?.illustrative ? { illustrative: true as const } : {}),
    }));
};

/** The visible marker reports put after a value that rests on an illustrative event. */
export const ILLUSTRATIVE = ' (illustrative)';
const marked = (v: { illustrative?: true } | null | undefined) => (v?.illustrative ? ILLUSTRATIVE : '');

const ragWord = (rag: Rag | null) => (rag ? ragLabels[rag] : 'not rated');

/** The report as Markdown for people: dates in words; every piece of user text escaped. */
export const highlightMarkdown = (view: ProgrammeView, rows: HighlightRow[], fingerprint: Fingerprint) => {
  const lines = [`# Highlight reports: ${md(view.name)}`, '', `As of ${formatLongDate(view.asOf)}.`, ''];
  for (const r of rows) {
    const p = view.partners.find((x) => x.partnerId === r.partnerId);
    lines.push(`## ${md(r.name)}${marked(p)}`, '');
    lines.push(`- Lead: ${r.lead ? md(r.lead) : 'not given'}`);
    lines.push(`- Date: ${r.reportedOn ? formatDate(r.reportedOn) : 'no report yet'}${marked(p?.lastReport)}`);
    lines.push(
      `- Overall RAG: previous ${ragWord(r.rag.previous)}, current ${ragWord(r.rag.current)}${marked(p?.rag)}`,
      '',
    );
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
    if (r.evidence.length > 0) lines.push('### Evidence', '', ...r.evidence.map((e) => `- ${md(e.fileName)}`), '');
  }
  lines.push(...fingerprintMarkdown(fingerprint));
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
      // A person opening the file sees the marker; the columns stay those of a report of facts.
      `${r.name}${marked(r)}`,
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
