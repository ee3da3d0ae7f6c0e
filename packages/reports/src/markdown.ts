/**
 * User text in Markdown, as text and nothing more (contract version 2): no raw HTML, no links or
 * images, no headings, lists, quotes, tables, emphasis or code that the writer did not mean. Line
 * breaks become spaces; every character that is markup wherever it stands is backslash-escaped,
 * and so is one that is markup at the start of a line (user text often follows `- ` or `## `); a
 * web or e-mail address, which GitHub and others would turn into a link by itself, is shown as code.
 */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .split(ADDRESS)
    .map((part, i) => (i % 2 === 1 ? codeSpan(part) : escapeText(part, i === 0)))
    .join('');

const ADDRESS = /((?:https?|ftp|mailto):\S*|www\.\S+|[^\s@]+@[^\s@]+\.[^\s@]+)/i;

const escapeText = (text: string, first: boolean): string => {
  const inline = text.replace(/[\\`*_[\]<>!|~&#]/g, (c) => `\\${c}`);
  // A list, a quote or a setext underline can only start a line: at the start is where to stop it.
  return first ? inline.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2') : inline;
};

/** Inline code that cannot be closed early: the fence is longer than any run of backticks inside. */
const codeSpan = (text: string): string => {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
};
