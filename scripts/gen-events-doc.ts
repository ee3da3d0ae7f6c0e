// Writes docs/events.md from the zod schemas (`pnpm docs:events`).
import { writeFileSync } from 'node:fs';
import { eventCatalogue } from '@steerlog/domain';

writeFileSync(new URL('../docs/events.md', import.meta.url), eventCatalogue());
console.log('wrote docs/events.md');
