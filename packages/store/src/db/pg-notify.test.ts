import { describe, expect, it } from 'vitest';
import { noticesOf, PAYLOAD_LIMIT, readNotice } from './pg-notify.js';
import type { EventRow } from './schema.js';

const row = (position: number, data = '{"name":"Risk"}'): EventRow => ({
  position,
  programme_id: 'p',
  version: position,
  id: `id-${position}`,
  type: 'RiskRaised',
  schema_version: 1,
  occurred_at: '2026-03-01',
  recorded_at: '2026-03-01T12:00:00.000Z',
  actor: 'becky',
  data,
  meta: '{"causationId":null,"correlationId":"c"}',
  hash: 'a'.repeat(64),
});

const rowsIn = (payloads: string[]) =>
  payloads.map((p) => {
    const notice = readNotice(p);
    return notice && 'rows' in notice ? notice.rows.map((r) => r.position) : notice;
  });

describe('NOTIFY payloads of a commit', () => {
  it('carry the rows as stored, and read back equal', () => {
    const rows = [row(1), row(2, '{"lead":"enc:v1:abc:def","quote":"\\"\\\\ é"}')];
    const payloads = noticesOf(rows);
    expect(payloads).toHaveLength(1);
    expect(readNotice(payloads[0]!)).toEqual({ rows });
  });

  it('stay under the limit in bytes, splitting a commit over several in position order', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row(i + 1, `{"title":"${'é'.repeat(200)}"}`));
    const payloads = noticesOf(rows);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(rowsIn(payloads).flat()).toEqual(rows.map((r) => r.position));
  });

  it('name a row too large for any payload by its position, between the rows around it', () => {
    const big = `{"summary":"${'x'.repeat(PAYLOAD_LIMIT)}"}`;
    const payloads = noticesOf([row(1), row(2, big), row(3, big), row(4)]);
    expect(rowsIn(payloads)).toEqual([[1], { from: 2, to: 3 }, [4]]);
  });

  it('read as nothing when empty or not written by `noticesOf`: the receiver reads the log', () => {
    expect(readNotice('')).toBeNull();
    expect(readNotice('{"rows":[[1]]}')).toBeNull();
    expect(readNotice('not json')).toBeNull();
  });
});
