// Runs the bench's TypeScript (and the workspace's, through the @steerlog/source condition) with
// a plain esbuild transform: no minifying and no name-keeping wrappers, so `node --cpu-prof`
// profiles show real function names and near-original line numbers.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
