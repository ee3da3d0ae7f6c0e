import { documentFacts } from '@steerlog/demo';
import { pdfPages } from '@steerlog/reports/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestServer } from './http.js';
import { startTestServer } from './http.js';

/**
 * The demo as `pnpm start` loads it, read through the HTTP contract: a history recorded over
 * time, so each programme looks different as it was known then and as it is known now, and the
 * Dundee IJB of 22 June 2022 has its board pack.
 */
let server: TestServer;
let auditor: Client;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  auditor = await server.as('auditor', 'audit');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const state = async (programmeId: string, query: string) =>
  (await auditor.get(`/api/programmes/${programmeId}/state?${query}`)).body as {
    champions: { championId: string }[];
    workstreams: { milestones: { milestoneId: string; status: string }[] }[];
    funding: { spentPence: number };
    indicators: { indicatorId: string; latest: { value: number } | null }[];
  };

describe('the demo as a lived history, over HTTP', () => {
  it('Dundee: on 18 January 2022 the record had no Trauma Champion; as known now it has', async () => {
    const { programmeId, lateEntry } = documentFacts['dundee-tsg'];
    expect((await state(programmeId, 'asOf=2022-01-18&knownAt=2022-01-18')).champions).toEqual([]);
    expect((await state(programmeId, 'asOf=2022-01-18')).champions.map((c) => c.championId)).toEqual([
      lateEntry.championId,
    ]);
  });

  it('Somerset: on 5 February 2023 the charter showed launched; as known now it did not launch then', async () => {
    const { programmeId, retracted } = documentFacts['trauma-informed-somerset'];
    const charter = async (query: string) =>
      (await state(programmeId, query)).workstreams
        .flatMap((w) => w.milestones)
        .find((m) => m.milestoneId === retracted.milestoneId)?.status;
    expect(await charter('asOf=2023-02-05&knownAt=2023-02-05')).toBe('done');
    expect(await charter('asOf=2023-02-05')).not.toBe('done');
  });

  it('Readiness: the September 2024 spend and the corrected count differ between then and now', async () => {
    const { programmeId, lateEntry, correction } = documentFacts['nttp-readiness'];
    const then = await state(programmeId, `asOf=${lateEntry.occurredOn}&knownAt=${lateEntry.occurredOn}`);
    const now = await state(programmeId, `asOf=${lateEntry.occurredOn}`);
    expect(now.funding.spentPence - then.funding.spentPence).toBe(lateEntry.amountPence);
    const count = async (query: string) =>
      (await state(programmeId, query)).indicators.find((i) => i.indicatorId === correction.indicatorId)?.latest?.value;
    expect(await count(`asOf=${correction.on}&knownAt=${correction.on}`)).toBe(correction.wrong);
    expect(await count(`asOf=${correction.on}`)).toBe(correction.right);
  });

  it('prints the board pack of the Dundee IJB of 22 June 2022, as of its day', async () => {
    const md = (await auditor.get('/api/programmes/dundee-tsg/meetings/ijb-2022-06-22/pack?format=md')).text;
    expect(md).toContain('Trauma-informed practice and leadership update (report DIJB38-2022, by the Chief Officer)');
    expect(md).toContain('Reporting round: June 2022 IJB update. Returns were due 6 May 2022.');
    expect(md).toContain('Overdue returns: NHS Tayside.');
    expect(md).toMatch(/### Dundee City Council[^#]*Return: Submitted late/);
    expect(md).toMatch(/### Dundee Health and Social Care Partnership[^#]*Return: Submitted\n/);
    expect(md).toContain('Managers attending the trauma-informed manager briefings');
    expect(md).toContain('2022/23');
    const res = await fetch(`${server.url}/api/programmes/dundee-tsg/meetings/ijb-2022-06-22/pack?format=pdf`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const text = (await pdfPages(new Uint8Array(await res.arrayBuffer()))).join('\n');
    expect(text).toContain('June 2022 IJB update');
    expect(text).toContain('Managers attending the trauma-informed manager briefings');
  });
});
