export { fingerprintMarkdown } from './fingerprint.js';
export { highlightCsv, highlightMarkdown, highlightRows, ILLUSTRATIVE } from './highlight.js';
export { escapeMarkdown } from './markdown.js';
export { buildMinutes, minutesMarkdown } from './minutes.js';
export { stateMarkdown } from './state.js';
