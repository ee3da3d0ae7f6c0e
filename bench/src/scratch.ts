import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A fresh folder under the OS temp dir (on disk here, so fsync is real); removed by `cleanScratch`. */
export const scratchDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `steerlog-bench-${label}-`));
  made.add(dir);
  return dir;
};

export const removeScratch = (dir: string) => {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
};

export const cleanScratch = () => {
  for (const dir of made) removeScratch(dir);
};
