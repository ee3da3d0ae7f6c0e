import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF, page by page, the way a reader's copy-and-paste or a screen reader gets it. */
export const pdfPages = async (pdf: Uint8Array): Promise<string[]> => {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  return text;
};
