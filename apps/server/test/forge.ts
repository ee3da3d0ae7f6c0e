import { chainHash, GENESIS_HASH, rowOfEnvelope } from '@steerlog/store';

/** One event line of an export, as an attacker edits it. */
export type ExportedEvent = {
  position: number;
  programmeId: string;
  version: number;
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  hash: string;
};
export type ExportLine = ExportedEvent | { kind: 'key' | 'checkpoint'; [field: string]: unknown };

/** The event lines and key lines of an NDJSON export. */
export const splitExport = (text: string) => {
  const parsed = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExportLine);
  return {
    events: parsed.filter((l): l is ExportedEvent => !('kind' in l)),
    keys: parsed.filter((l) => 'kind' in l),
  };
};

/**
 * What an attacker who can recompute hashes does after editing events: renumbers positions and
 * versions to be gap-free again and re-chains every hash, so the file verifies as a chain.
 */
export const rechain = (events: ExportedEvent[], keys: ExportLine[] = []): string => {
  const versions = new Map<string, number>();
  let previous = GENESIS_HASH;
  const out = events.map((e, i) => {
    const version = (versions.get(e.programmeId) ?? 0) + 1;
    versions.set(e.programmeId, version);
    previous = chainHash(previous, rowOfEnvelope({ ...e, position: i + 1, version }));
    return { ...e, position: i + 1, version, hash: previous };
  });
  return [...out, ...keys].map((l) => JSON.stringify(l)).join('\n') + '\n';
};
