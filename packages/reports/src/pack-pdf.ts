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
import { highlightSection } from './highlight-pdf.js';
import { agendaLine } from './minutes-words.js';
import type { Pack, RagLine } from './pack.js';
import { Paper } from './pdf.js';

const ragWord = (r: RagStatus | null) => (r ? ragLabels[r.current] : 'not rated');

const ragTable = (paper: Paper, header: string, lines: readonly RagLine[]) =>
  paper.table(
    [
      { header, width: 5 },
      { header: 'Current', width: 1.6 },
      { header: 'Previous', width: 1.6 },
      { header: 'Changed', width: 1.5 },
    ],
    lines.map((l) => [
      l.name,
      ragWord(l.rag),
      l.rag?.previous ? ragLabels[l.rag.previous] : '',
      l.rag ? formatDate(l.rag.changedOn) : '',
    ]),
    (row, column, x, y) => {
      const rag = lines[row]?.rag;
      if (column === 1 && rag) {
        paper.ragChip(rag.current, ragLabels[rag.current], x, y);
        return true;
      }
      if (column === 2 && rag?.previous) {
        paper.ragChip(rag.previous, ragLabels[rag.previous], x, y);
        return true;
      }
      return false;
    },
  );

/** The board pack as a PDF: a cover, contents with page numbers, the sections, the fingerprint. */
export const packPdf = (p: Pack): Promise<Buffer> => {
  const paper = new Paper(
    `Board pack: ${p.meetingTitle}`,
    `${p.programmeName} · Board pack: ${p.meetingTitle} · ${p.date}`,
  );
  const { doc } = paper;

  doc.y = 200;
  doc
    .font('regular')
    .fontSize(13)
    .fillColor('#555555')
    .text(p.programmeName, paper.left, doc.y, { width: paper.width });
  doc.moveDown(0.6);
  paper.title('Board pack', p.meetingTitle);
  doc.font('regular').fontSize(13).fillColor('#1a1a1a').text(p.date, { width: paper.width });
  doc.moveDown(0.4);
  doc
    .fontSize(10.5)
    .fillColor('#555555')
    .text(`The record as of ${formatLongDate(p.asOf)}.`, { width: paper.width });
  if (p.ambition)
    doc.moveDown(1.5).fontSize(11).fillColor('#1a1a1a').text(`Ambition: ${p.ambition}`, { width: paper.width });
  doc.y = 700;
  doc
    .fontSize(8.5)
    .fillColor('#555555')
    .text(`Receipt of the record this pack was made from: ${p.fingerprint.receipt}`, paper.left, doc.y, {
      width: paper.width,
    });
  paper.reserveContents();

  paper.heading('Agenda');
  if (p.agenda.length === 0) paper.paragraph('No agenda was set.', { muted: true });
  else paper.bullets(p.agenda.map((i) => `${i.number}. ${agendaLine(i)}`));

  paper.heading('RAG summary');
  paper.labelledRag('Programme:', p.rag.programme?.current ?? null, ragWord(p.rag.programme));
  if (p.rag.programme) paper.paragraph(`Reason (${formatDate(p.rag.programme.changedOn)}): ${p.rag.programme.reason}`);
  ragTable(paper, 'Partner', p.rag.partners);
  if (p.rag.workstreams.length > 0) ragTable(paper, 'Workstream', p.rag.workstreams);

  paper.heading('Matters arising');
  if (p.arising.length === 0) paper.paragraph('No open actions.', { muted: true });
  else
    paper.table(
      [
        { header: 'Action', width: 5 },
        { header: 'Owner', width: 2.5 },
        { header: 'Due', width: 1.4 },
        { header: 'Status', width: 1.2 },
      ],
      p.arising.map((a) => [a.title, a.owner, formatDate(a.dueOn), a.status === 'overdue' ? 'Overdue' : 'Open']),
    );

  if (p.overdueReturns.length > 0) paper.facts([['Overdue returns', p.overdueReturns.join(', ')]]);
  const questions = p.issues.filter((i) => i.kind === 'question');
  if (questions.length > 0) paper.paragraph('Questions for the group and board').bullets(questions.map((q) => q.title));

  paper.heading('Highlight reports');
  if (p.round) paper.paragraph(`Reporting round: ${p.round.title}. Returns were due ${formatDate(p.round.dueOn)}.`);
  if (p.reports.length === 0) paper.paragraph('No partners yet.', { muted: true });
  for (const r of p.reports)
    highlightSection(paper, r, r.returnStatus ? returnStatusLabels[r.returnStatus] : undefined);

  paper.heading('Indicators');
  if (p.indicators.length === 0) paper.paragraph('No indicators defined.', { muted: true });
  for (const i of p.indicators) {
    paper.subheading(i.name);
    paper.facts([
      ['Status', indicatorStatusText(i)],
      [
        'Baseline, latest, target',
        [
          i.baseline ? `${formatMeasure(i.baseline.value, i.unit)} (${formatDate(i.baseline.on)})` : 'no baseline',
          i.latest ? `${formatMeasure(i.latest.value, i.unit)} (${formatDate(i.latest.on)})` : 'no measurement',
          i.target ? `${formatMeasure(i.target.value, i.unit)} by ${formatDate(i.target.by)}` : 'no target',
        ].join('; '),
      ],
    ]);
    paper.sparkline(
      [...(i.baseline ? [i.baseline.value] : []), ...i.measurements.map((m) => m.value)],
      i.target?.value ?? null,
    );
  }

  paper.heading('Issues for the group and board');
  if (p.issues.length === 0) paper.paragraph('No open issues.', { muted: true });
  else
    paper.table(
      [
        { header: 'Kind', width: 1.6 },
        { header: 'Issue', width: 4.5 },
        { header: 'For', width: 1.6 },
        { header: 'Raised by', width: 2 },
        { header: 'Status', width: 1.2 },
      ],
      p.issues.map((i) => [
        issueKindLabels[i.kind],
        i.title,
        issueAddresseeLabels[i.addressedTo],
        `${i.raisedBy ?? ''}${i.raisedBy ? ', ' : ''}${formatDate(i.raisedOn)}`,
        issueStatusLabels[i.status],
      ]),
    );

  paper.heading('Funding by financial year');
  if (p.funding.length === 0) paper.paragraph('No funding allocated.', { muted: true });
  else {
    paper.table(
      [
        { header: 'Financial year', width: 2 },
        { header: 'Allocated', width: 2, align: 'right' },
        { header: 'Spent', width: 2, align: 'right' },
        { header: 'Remaining', width: 2, align: 'right' },
      ],
      p.funding.map((f) => [
        f.financialYear,
        formatMoney(f.allocatedPence),
        formatMoney(f.spentPence),
        formatMoney(f.allocatedPence - f.spentPence),
      ]),
    );
    // A small chart: each year's allocation, and the part spent, to one scale.
    const max = Math.max(...p.funding.map((f) => f.allocatedPence));
    paper.ensure(p.funding.length * 26 + 20);
    for (const f of p.funding) {
      const top = doc.y;
      doc.font('regular').fontSize(9).fillColor('#1a1a1a').text(f.financialYear, paper.left, top, { lineBreak: false });
      paper.bar(paper.left + 60, top, paper.width - 150, f.allocatedPence, max, '#b8c7d6');
      paper.bar(paper.left + 60, top + 9, paper.width - 150, f.spentPence, max, '#2c5282');
      doc
        .fontSize(8)
        .fillColor('#555555')
        .text(
          `spent ${Math.round((f.spentPence / Math.max(1, f.allocatedPence)) * 100)}%`,
          paper.left + paper.width - 80,
          top,
          { width: 80, align: 'right', lineBreak: false },
        );
      doc.x = paper.left;
      doc.y = top + 26;
    }
    doc
      .fontSize(8)
      .fillColor('#555555')
      .text('Light bar: allocated. Dark bar: spent.', paper.left, doc.y, { width: paper.width });
    doc.fillColor('#1a1a1a').moveDown(0.6);
  }

  paper.fingerprint(p.fingerprint);
  return paper.finish();
};
