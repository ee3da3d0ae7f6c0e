export * from './http.js';
export * from './live.js';
export * from './access.js';
export * from './words.js';
export * from './papers.js';
export * from './round-words.js';
export * from './rounds.js';
export * from './outcome-words.js';
