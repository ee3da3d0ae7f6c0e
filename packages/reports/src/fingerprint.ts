import type { Fingerprint } from '@steerlog/contract';
import { formatDateTime } from '@steerlog/contract';

/**
 * The closing lines of every paper: what it was made from (a receipt to keep outside Steerlog,
 * which `GET /api/audit/verify?receipt=` checks later) and the signed checkpoint that vouches
 * for the chain up to it.
 */
export const fingerprintMarkdown = (f: Fingerprint): string[] => [
  '',
  '---',
  '',
  `Record fingerprint: made from the record up to entry ${f.position}, receipt \`${f.receipt}\`.`,
  f.checkpoint
    ? `Signed checkpoint: entry ${f.checkpoint.position}, signed ${formatDateTime(f.checkpoint.signedAt)} (UK time) by key ${f.checkpoint.keyId}, signature \`${f.checkpoint.signature}\`.`
    : 'Signed checkpoint: none yet at or before this entry.',
];
