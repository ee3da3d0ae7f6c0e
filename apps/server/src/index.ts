export { buildApp } from './app.js';
export type { AppDeps } from './app.js';
export { loadDemo } from './demo.js';
export { LiveHub } from './live-hub.js';
export { defaultWebRoot, startServer } from './server.js';
export type { RunningServer, ServerOptions } from './server.js';
export { startTestServer } from './testing.js';
export type { TestServer } from './testing.js';
