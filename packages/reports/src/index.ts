export { fingerprintMarkdown } from './fingerprint.js';
export { highlightCsv, highlightMarkdown, highlightRows, ILLUSTRATIVE } from './highlight.js';
export { escapeMarkdown } from './markdown.js';
export { buildMinutes } from './minutes.js';
export { minutesMarkdown } from './minutes-markdown.js';
export { stateMarkdown } from './state.js';
export { minutesPdf } from './minutes-pdf.js';
