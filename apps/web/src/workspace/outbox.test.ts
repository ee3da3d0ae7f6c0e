import type { Command } from '@steerlog/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_KEY } from '../auth.js';
import type { Outcome, OutboxItem } from './outbox.js';
import { Outbox } from './outbox.js';

const decision: Command = { type: 'RecordDecision', data: { summary: 'Fund the post' } };
const created = () => new Response(JSON.stringify({ events: [], version: 2, position: 7 }), { status: 201 });
const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ type: `/problems/${code}`, title: 'No', status, code, detail: `refused: ${code}` }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

type Sent = { key: string; body: string };

/** An outbox over a fake server that answers from `answers` in turn (an Error is a dropped connection). */
const harness = (answers: (Response | Error)[], stored?: OutboxItem[]) => {
  const storage = new Map<string, string>(stored ? [[OUTBOX_KEY, JSON.stringify(stored)]] : []);
  const sent: Sent[] = [];
  const outcomes: Outcome[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      key: (init?.headers as Record<string, string>)['Idempotency-Key']!,
      body: typeof init?.body === 'string' ? init.body : '',
    });
    const answer = answers.shift() ?? created();
    if (answer instanceof Error) throw answer;
    return answer;
  });
  const outbox = new Outbox({
    token: 't',
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    fetch,
    random: () => 1,
  });
  outbox.onOutcome((o) => outcomes.push(o));
  return { outbox, sent, outcomes, stored: () => JSON.parse(storage.get(OUTBOX_KEY) ?? '[]') as OutboxItem[] };
};

const queue = (outbox: Outbox, label = 'Decision: Fund the post') =>
  outbox.enqueue({ programmeId: 'p', command: decision, label, formId: 'f', values: { summary: 'Fund the post' } });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the outbox', () => {
  it('keeps a command through dropped connections and a 503, resending the same key and body until acknowledged', async () => {
    const { outbox, sent, outcomes, stored } = harness([
      new TypeError('offline'),
      new TypeError('offline'),
      problem(503, 'not_ready'),
    ]);
    outbox.start();
    const key = queue(outbox);
    await vi.advanceTimersByTimeAsync(0);
    expect(stored()).toMatchObject([
      { key, state: 'pending', attempts: 1, lastError: expect.stringMatching(/No connection/) },
    ]);
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((s) => s.key))).toEqual(new Set([key]));
    expect(new Set(sent.map((s) => s.body)).size).toBe(1);
    expect(outcomes).toMatchObject([{ kind: 'recorded', position: 7, item: { key } }]);
    expect(stored()).toEqual([]);
  });

  it('does not retry a refusal: it keeps the command, with the problem, for the user to fix', async () => {
    const { outbox, sent, outcomes, stored } = harness([problem(422, 'rag_unchanged')]);
    outbox.start();
    queue(outbox);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(1);
    expect(outcomes).toMatchObject([{ kind: 'refused', item: { problem: { code: 'rag_unchanged' } } }]);
    expect(stored()).toMatchObject([{ state: 'refused', problem: { status: 422 } }]);
  });

  it('sends in the order typed: a later command waits for an earlier one that is still retrying', async () => {
    const { outbox, sent } = harness([new TypeError('offline')]);
    outbox.start();
    const first = queue(outbox, 'first');
    const second = queue(outbox, 'second');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.key)).toEqual([first]);
    outbox.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.key)).toEqual([first, first, second]);
  });

  it('picks up what a reload left in sessionStorage', async () => {
    const left: OutboxItem = {
      key: '00000000-0000-4000-8000-000000000001',
      programmeId: 'p',
      command: decision,
      label: 'Decision: Fund the post',
      formId: 'f',
      values: {},
      queuedAt: '2026-01-01T00:00:00.000Z',
      attempts: 3,
      state: 'pending',
      problem: null,
      lastError: 'No connection',
    };
    const { outbox, sent, outcomes } = harness([], [left]);
    expect(outbox.snapshot()).toHaveLength(1);
    outbox.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.key)).toEqual([left.key]);
    expect(outcomes).toMatchObject([{ kind: 'recorded' }]);
  });
});
