import { createRequire } from 'node:module';
import type { Fingerprint } from '@steerlog/contract';
import { formatDateTime } from '@steerlog/contract';
import PDFDocument from 'pdfkit';

// DejaVu Sans covers the scripts people's names and typed text come in (the PDF standard fonts
// stop at Western European), and embedding it keeps the text extractable and the same everywhere.
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const REGULAR = fontFile('DejaVuSans.ttf');
const BOLD = fontFile('DejaVuSans-Bold.ttf');

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#b0b0b0';
const BAND = '#eef1f4';
/** RAG colours for a chip beside the word: the word is always printed too. */
export const RAG_COLOUR = { red: '#c0392b', amber: '#d68910', green: '#1e8449' } as const;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const FOOTER = 36;

export type Column = { header: string; width: number; align?: 'left' | 'right' };

/**
 * A paper being written: a thin layer over pdfkit giving the few shapes our papers need (a title
 * block, headings, paragraphs, labelled facts, lists and tables that break across pages with
 * their header repeated), and a footer on every page with the page number and what it was made from.
 */
export class Paper {
  readonly doc: PDFKit.PDFDocument;
  readonly width = A4.width - 2 * MARGIN;
  readonly left = MARGIN;
  private readonly footerText: string;
  /** Every section heading and the page it starts on, for the contents. */
  private readonly sections: { text: string; page: number }[] = [];
  private contentsPage: number | null = null;

  constructor(title: string, footer: string) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
      bufferPages: true,
      lang: 'en-GB',
      displayTitle: true,
      info: { Title: title, Creator: 'Steerlog', Producer: 'Steerlog' },
    });
    this.doc.registerFont('regular', REGULAR).registerFont('bold', BOLD).font('regular').fillColor(INK);
    this.footerText = footer;
  }

  /** The page being written, counted from 0. */
  get page() {
    const { start, count } = this.doc.bufferedPageRange();
    return start + count - 1;
  }

  /** Keeps the next page for the contents, written once every section's page is known. */
  reserveContents() {
    this.doc.addPage();
    this.contentsPage = this.page;
    this.doc.addPage();
    return this;
  }

  private writeContents() {
    if (this.contentsPage === null) return;
    this.doc.switchToPage(this.contentsPage);
    this.doc.x = this.left;
    this.doc.y = MARGIN;
    this.doc.font('bold').fontSize(16).fillColor(INK).text('Contents', this.left, MARGIN, { width: this.width });
    this.doc.moveDown(0.8);
    this.sections.forEach((s, i) => {
      const y = this.doc.y;
      this.doc.font('regular').fontSize(11).fillColor(INK);
      this.doc.text(`${i + 1}. ${s.text}`, this.left, y, { width: this.width - 60, lineBreak: false });
      this.doc.text(`page ${s.page + 1}`, this.left, y, { width: this.width, align: 'right', lineBreak: false });
      this.doc.y = y + 20;
    });
  }

  /** A horizontal bar of `value` out of `max`, `width` wide at most, with its label to the right. */
  bar(x: number, y: number, width: number, value: number, max: number, colour: string) {
    const w = max > 0 ? Math.max(1, (value / max) * width) : 1;
    this.doc.rect(x, y, w, 8).fill(colour);
    this.doc.fillColor(INK);
  }

  /**
   * A small line chart of `values` in order (baseline first, then each measurement), with the
   * target as a dashed line when there is one: the shape of progress at a glance.
   */
  sparkline(values: readonly number[], target: number | null) {
    if (values.length === 0) return this;
    const w = 180;
    const h = 36;
    this.ensure(h + 14);
    const x0 = this.left;
    const y0 = this.doc.y;
    const all = target === null ? values : [...values, target];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const yOf = (v: number) => y0 + h - (hi === lo ? h / 2 : ((v - lo) / (hi - lo)) * h);
    const xOf = (i: number) => x0 + (values.length === 1 ? w / 2 : (i / (values.length - 1)) * w);
    this.doc.rect(x0, y0, w, h).lineWidth(0.4).strokeColor(RULE).stroke();
    if (target !== null)
      this.doc
        .moveTo(x0, yOf(target))
        .lineTo(x0 + w, yOf(target))
        .dash(3, { space: 2 })
        .strokeColor('#1e8449')
        .stroke()
        .undash();
    values.forEach((v, i) => (i === 0 ? this.doc.moveTo(xOf(i), yOf(v)) : this.doc.lineTo(xOf(i), yOf(v))));
    this.doc.lineWidth(1.2).strokeColor('#2c5282').stroke();
    for (const [i, v] of values.entries()) this.doc.circle(xOf(i), yOf(v), 1.8).fill('#2c5282');
    this.doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(target === null ? 'Measurements' : 'Measurements; dashed: target', x0 + w + 8, y0 + h - 10, {
        lineBreak: false,
      });
    this.doc.fillColor(INK);
    this.doc.x = this.left;
    this.doc.y = y0 + h + 10;
    return this;
  }

  get bottom() {
    return A4.height - MARGIN - FOOTER;
  }

  /** Starts a new page when less than `height` is left on this one. */
  ensure(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    return this;
  }

  title(text: string, subtitle?: string) {
    this.doc.font('bold').fontSize(20).fillColor(INK).text(text, this.left, this.doc.y, { width: this.width });
    if (subtitle)
      this.doc.moveDown(0.2).font('regular').fontSize(12).fillColor(MUTED).text(subtitle, { width: this.width });
    this.doc.fillColor(INK).moveDown(0.8);
    return this;
  }

  /** A numbered section heading, also a bookmark in the PDF's outline. */
  heading(text: string) {
    this.ensure(60);
    this.doc.moveDown(0.6);
    const y = this.doc.y;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + 6;
    this.doc.font('bold').fontSize(14).fillColor(INK).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.outline.addItem(text);
    this.sections.push({ text, page: this.page });
    this.doc.moveDown(0.4).font('regular');
    return this;
  }

  subheading(text: string) {
    this.ensure(40);
    this.doc
      .moveDown(0.3)
      .font('bold')
      .fontSize(11.5)
      .fillColor(INK)
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2).font('regular');
    return this;
  }

  paragraph(text: string, opts: { muted?: boolean; size?: number } = {}) {
    this.doc
      .font('regular')
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, this.left, this.doc.y, { width: this.width, lineGap: 1.5 });
    this.doc.fillColor(INK).moveDown(0.4);
    return this;
  }

  /** `Label: text` lines, the label in bold. */
  facts(rows: readonly (readonly [string, string])[]) {
    for (const [label, value] of rows) {
      this.ensure(16);
      this.doc.font('bold').fontSize(10.5).fillColor(INK).text(`${label}: `, this.left, this.doc.y, {
        width: this.width,
        continued: true,
      });
      this.doc.font('regular').text(value, { lineGap: 1.5 });
      this.doc.moveDown(0.15);
    }
    this.doc.moveDown(0.4);
    return this;
  }

  bullets(items: readonly string[]) {
    for (const item of items) {
      this.ensure(16);
      const y = this.doc.y;
      this.doc
        .font('regular')
        .fontSize(10.5)
        .fillColor(INK)
        .text('•', this.left + 4, y);
      this.doc.text(item, this.left + 16, y, { width: this.width - 16, lineGap: 1.5 });
      this.doc.moveDown(0.15);
    }
    this.doc.moveDown(0.3);
    return this;
  }

  /** `text` cut with an ellipsis to fit on one line of `width` at the current font. */
  fit(text: string, width: number) {
    if (this.doc.widthOfString(text) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /** A bold label and a RAG chip with its word after it, on one line. */
  labelledRag(label: string, rag: keyof typeof RAG_COLOUR | null, word: string) {
    this.ensure(20);
    const y = this.doc.y;
    this.doc.font('bold').fontSize(10.5).fillColor(INK).text(label, this.left, y, { lineBreak: false });
    const x = this.left + this.doc.widthOfString(label) + 6;
    this.ragChip(rag, word, x, y);
    this.doc.x = this.left;
    this.doc.y = y + 18;
    return this;
  }

  /** A RAG chip and its word (`RED`), inline at the current line; returns the width used. */
  ragChip(rag: keyof typeof RAG_COLOUR | null, word: string, x: number, y: number) {
    if (rag) this.doc.rect(x, y + 1.5, 8, 8).fill(RAG_COLOUR[rag]);
    this.doc
      .fillColor(INK)
      .font('regular')
      .fontSize(9.5)
      .text(word, x + (rag ? 12 : 0), y, { lineBreak: false });
  }

  /**
   * A table whose columns share the width by their `width` weights; a row that does not fit
   * goes to the next page, under the header again. `draw` may paint a cell itself (a RAG chip).
   */
  table(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    draw?: (row: number, column: number, x: number, y: number) => boolean,
  ) {
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 4;
    const size = 9.5;
    const heightOf = (cells: readonly string[], font: string) =>
      Math.max(
        ...cells.map((cell, i) =>
          this.doc
            .font(font)
            .fontSize(size)
            .heightOfString(cell, { width: widths[i]! - 2 * pad }),
        ),
      ) +
      2 * pad;
    const drawRow = (cells: readonly string[], header: boolean, rowIndex: number) => {
      const h = heightOf(cells, header ? 'bold' : 'regular');
      const y = this.doc.y;
      if (header) this.doc.rect(this.left, y, this.width, h).fill(BAND);
      let x = this.left;
      cells.forEach((cell, i) => {
        const painted = !header && draw?.(rowIndex, i, x + pad, y + pad);
        if (!painted)
          this.doc
            .font(header ? 'bold' : 'regular')
            .fontSize(size)
            .fillColor(INK)
            .text(cell, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]?.align ?? 'left' });
        x += widths[i]!;
      });
      this.doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.x = this.left;
      this.doc.y = y + h;
    };
    const headers = columns.map((c) => c.header);
    this.ensure(heightOf(headers, 'bold') + 20);
    drawRow(headers, true, -1);
    rows.forEach((cells, r) => {
      if (this.doc.y + heightOf(cells, 'regular') > this.bottom) {
        this.doc.addPage();
        drawRow(headers, true, -1);
      }
      drawRow(cells, false, r);
    });
    this.doc.moveDown(0.8);
    return this;
  }

  /** The record's fingerprint, last on every paper: a receipt to keep and the checkpoint that vouches for it. */
  fingerprint(f: Fingerprint) {
    this.heading('Record fingerprint');
    this.paragraph(
      `This paper was made from the record up to entry ${f.position}. Keep the receipt below: ` +
        'anyone can later check the record against it (GET /api/audit/verify?receipt=…, or pnpm steerlog verify --receipt).',
      { size: 9.5 },
    );
    this.facts([
      ['Receipt', f.receipt],
      [
        'Signed checkpoint',
        f.checkpoint
          ? `entry ${f.checkpoint.position}, signed ${formatDateTime(f.checkpoint.signedAt)} (UK time) by key ${f.checkpoint.keyId}; signature ${f.checkpoint.signature}`
          : 'none yet at or before this entry',
      ],
    ]);
    return this;
  }

  /** Writes the footer on every page and returns the file. */
  async finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    this.doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.writeContents();
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      // The footer sits in the bottom margin: lift the margin so pdfkit does not start a page for it.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = A4.height - MARGIN;
      this.doc
        .moveTo(this.left, y - 6)
        .lineTo(this.left + this.width, y - 6)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.font('regular').fontSize(8).fillColor(MUTED);
      this.doc.text(this.fit(this.footerText, this.width * 0.78), this.left, y, { lineBreak: false });
      this.doc.text(`Page ${i + 1} of ${count}`, this.left, y, { width: this.width, align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}
