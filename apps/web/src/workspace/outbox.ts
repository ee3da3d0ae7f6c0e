import { CommandResponse } from '@steerlog/contract';
import type { Problem } from '@steerlog/contract';
import type { Command } from '@steerlog/domain';
import { readProblem } from '../api.js';
import { authHeaders, OUTBOX_KEY } from '../auth.js';

/** One row of a repeatable field (an upcoming milestone), cell by cell, as typed. */
export type RowValues = Record<string, string>;
export type FieldValue = string | string[] | RowValues[];
export type FormValues = Record<string, FieldValue>;

/**
 * A command the user submitted, kept until the server acknowledges it. Its `key` is the
 * Idempotency-Key of every attempt, so a retry after a lost answer cannot record it twice.
 */
export type OutboxItem = {
  key: string;
  programmeId: string;
  command: Command;
  /** What the user would call it: "Decision: Fund the post". */
  label: string;
  /** The form it came from and what was typed, to put back when the server refuses it. */
  formId: string;
  values: FormValues;
  queuedAt: string;
  attempts: number;
  state: 'pending' | 'refused';
  problem: Problem | null;
  /** Why the last attempt did not get through, while it is still being retried. */
  lastError: string | null;
};

export type Outcome =
  { kind: 'recorded'; item: OutboxItem; position: number | null } | { kind: 'refused'; item: OutboxItem };

export type OutboxDeps = {
  token: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  random?: () => number;
};

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

/** Answers worth asking again: the server or the way to it failed, not the command. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/** A v4 uuid; `crypto.randomUUID` exists only in secure contexts, `getRandomValues` everywhere. */
export const newKey = (): string => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const load = (storage: OutboxDeps['storage']): OutboxItem[] => {
  try {
    const items: unknown = JSON.parse(storage.getItem(OUTBOX_KEY) ?? '[]');
    return Array.isArray(items) ? (items as OutboxItem[]) : [];
  } catch {
    return [];
  }
};

/**
 * The queue between the forms and the server. Commands go one at a time in the order they were
 * submitted (a later one may depend on an earlier one); a network failure or a 5xx is retried
 * with backoff until the server answers, and the queue lives in sessionStorage so a reload or
 * a crash of the tab loses nothing typed.
 */
export class Outbox {
  private items: readonly OutboxItem[];
  private readonly listeners = new Set<() => void>();
  private readonly outcomeListeners = new Set<(outcome: Outcome) => void>();
  private sending = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly deps: OutboxDeps) {
    this.items = load(deps.storage);
  }

  /** The items, as one immutable array per change (for `useSyncExternalStore`). */
  readonly snapshot = (): readonly OutboxItem[] => this.items;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onOutcome(listener: (outcome: Outcome) => void): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  /** Queues a command and starts sending; returns its idempotency key. */
  enqueue(item: Pick<OutboxItem, 'programmeId' | 'command' | 'label' | 'formId' | 'values'>): string {
    const key = newKey();
    this.set([
      ...this.items,
      {
        ...item,
        key,
        queuedAt: new Date().toISOString(),
        attempts: 0,
        state: 'pending',
        problem: null,
        lastError: null,
      },
    ]);
    this.pump();
    return key;
  }

  /** Forgets a refused item (or gives up on a pending one). */
  dismiss(key: string): void {
    this.set(this.items.filter((i) => i.key !== key));
  }

  /** Tries the first waiting command now instead of after its backoff (the connection is back). */
  readonly kick = (): void => {
    if (this.retry === undefined) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.pump();
  };

  start(): void {
    this.stopped = false;
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
  }

  private set(items: readonly OutboxItem[]) {
    this.items = items;
    this.deps.storage.setItem(OUTBOX_KEY, JSON.stringify(items));
    for (const listener of this.listeners) listener();
  }

  private update(key: string, change: Partial<OutboxItem>): OutboxItem | undefined {
    let updated: OutboxItem | undefined;
    this.set(this.items.map((i) => (i.key === key ? (updated = { ...i, ...change }) : i)));
    return updated;
  }

  private emit(outcome: Outcome) {
    for (const listener of this.outcomeListeners) listener(outcome);
  }

  private pump(): void {
    if (this.sending || this.stopped || this.retry !== undefined) return;
    const next = this.items.find((i) => i.state === 'pending');
    if (!next) return;
    this.sending = true;
    void this.send(next).then((again) => {
      this.sending = false;
      if (again) {
        const delay =
          Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures++) *
          (0.5 + (this.deps.random ?? Math.random)() / 2);
        this.retry = setTimeout(() => {
          this.retry = undefined;
          this.pump();
        }, delay);
      } else {
        this.failures = 0;
        this.pump();
      }
    });
  }

  /** One attempt; true when it should be tried again. */
  private async send(item: OutboxItem): Promise<boolean> {
    this.update(item.key, { attempts: item.attempts + 1 });
    try {
      const response = await this.deps.fetch(`/api/programmes/${encodeURIComponent(item.programmeId)}/commands`, {
        method: 'POST',
        headers: {
          ...authHeaders(this.deps.token),
          'Content-Type': 'application/json',
          'Idempotency-Key': item.key,
        },
        body: JSON.stringify(item.command),
      });
      if (response.status === 201) {
        // Recorded either way: a body this client cannot read must not send the command again.
        const body = CommandResponse.safeParse(await response.json().catch(() => null));
        this.set(this.items.filter((i) => i.key !== item.key));
        this.emit({ kind: 'recorded', item, position: body.success ? body.data.position : null });
        return false;
      }
      if (retryable(response.status)) {
        this.update(item.key, { lastError: `The server answered ${response.status}; trying again.` });
        return true;
      }
      const problem = await readProblem(response);
      const refused = this.update(item.key, {
        state: 'refused',
        lastError: null,
        problem: problem ?? {
          type: 'about:blank',
          title: 'Refused',
          status: response.status,
          code: `http_${response.status}`,
          detail: `The server answered ${response.status}.`,
        },
      });
      if (refused) this.emit({ kind: 'refused', item: refused });
      return false;
    } catch {
      this.update(item.key, { lastError: 'No connection to the server; trying again.' });
      return true;
    }
  }
}
