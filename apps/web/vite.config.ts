import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Bundle the workspace packages from their TypeScript source, as tsc and vitest read them.
  resolve: { conditions: ['@steerlog/source', ...defaultClientConditions] },
  build: { target: 'es2022' },
  // `vite dev` talks to a server started with `pnpm start`.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
});
