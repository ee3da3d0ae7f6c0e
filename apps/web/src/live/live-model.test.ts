import { evolve, fold } from '@steerlog/domain';
import type { Command } from '@steerlog/domain';
import { givenBaseline } from '@steerlog/domain/testing';
import { describe, expect, it } from 'vitest';
import { envelopesOf, eventFrame, heartbeatFrame } from '../testing.js';
import type { LiveModel } from './live-model.js';
import { connectionLost, connectionOpened, initialModel, receiveFrame } from './live-model.js';

const receiveAll = (model: LiveModel, frames: readonly string[]) => frames.reduce(receiveFrame, model);

const caughtUpOn = (commands: Command[] = []) => {
  const log = givenBaseline().recordAll(commands);
  const envelopes = envelopesOf(log.events);
  const model = receiveAll(initialModel(), [...envelopes.map(eventFrame), heartbeatFrame(1000)]);
  return { log, model };
};

/** Records more on `log` and returns the new events' frames, positioned as `envelopesOf` does. */
const framesAfter = (log: ReturnType<typeof givenBaseline>, commands: Command[]) => {
  const before = log.events.length;
  log.recordAll(commands);
  return envelopesOf(log.events).slice(before).map(eventFrame);
};

describe('the live model', () => {
  it('shows nothing until the backlog is complete, then the fold of it', () => {
    const log = givenBaseline();
    const frames = envelopesOf(log.events).map(eventFrame);
    const during = receiveAll(initialModel(), frames);
    expect(during.state).toBeNull();
    expect(during.status).toBe('behind');

    const after = receiveFrame(during, heartbeatFrame(999));
    expect(after.status).toBe('live');
    expect(after.state).toEqual(fold(after.events));
    expect(after.state?.name).toBe('Trauma-informed Testshire');
    expect(after.lastPosition).toBe(log.events.length * 10 + 3);
  });

  it('ignores an event it already has, as a reconnect overlapping the last one would send', () => {
    const { log, model } = caughtUpOn();
    const [first] = framesAfter(log, [
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Slow start' } },
    ]);
    const once = receiveFrame(model, first!);
    const twice = receiveAll(once, [first!, eventFrame(envelopesOf(log.events)[0]!)]);
    expect(twice).toBe(once);
    expect(once.events.map((e) => e.position)).toEqual(log.events.map((e) => e.position * 10 + 3));
  });

  it('evolves in-order live events to the same state a fold gives', () => {
    const { log, model } = caughtUpOn();
    const frames = framesAfter(log, [
      { type: 'ChangeRag', data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'Slow start' } },
      { type: 'CompleteMilestone', data: { milestoneId: 'tier-1-live', completedOn: '2025-04-28' } },
    ]);
    const live = receiveAll(model, frames);
    // The same things, whatever Map class holds them (the store's fold tracks what it set; evolve's copy does not).
    const plain = (s: object | null) =>
      s && Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Map ? new Map(v) : v]));
    expect(plain(live.state)).toEqual(plain(fold(live.events)));
    expect(live.state?.rag?.current).toBe('amber');
  });

  it('refolds for an event back-dated before one already applied', () => {
    const { log, model } = caughtUpOn([
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'programme' }, rag: 'amber', reason: 'June review' },
        occurredAt: '2025-06-01',
      },
    ]);
    // Entered today, but decided at a March meeting: it is history, not the current rating.
    const [backDated] = framesAfter(log, [
      {
        type: 'ChangeRag',
        data: { subject: { kind: 'programme' }, rag: 'red', reason: 'March board' },
        occurredAt: '2025-03-01',
      },
    ]);
    const live = receiveFrame(model, backDated!);
    expect(live.state?.rag).toMatchObject({ current: 'amber', previous: 'red' });
    expect(live.state).toEqual(fold(live.events));
    // What applying it on top would have shown instead.
    expect(evolve(model.state!, live.events.at(-1)!).rag?.current).toBe('red');
  });

  it('refolds for a retraction, undoing what it retracts', () => {
    const { log, model } = caughtUpOn([
      { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'council' }, rag: 'red', reason: 'Typo' } },
    ]);
    const mistaken = log.events.at(-1)!;
    const live = receiveAll(
      model,
      framesAfter(log, [{ type: 'RetractEvent', data: { eventId: mistaken.id, reason: 'Wrong partner' } }]),
    );
    expect(live.state?.partners.get('council')?.rag).toBeNull();
    expect(live.state).toEqual(fold(live.events));
  });

  it('keeps its events and position through a dropped connection, and is behind until the next heartbeat', () => {
    const { model } = caughtUpOn();
    const lost = connectionLost(model);
    expect(lost).toMatchObject({ status: 'reconnecting', lastPosition: model.lastPosition, events: model.events });
    const reopened = connectionOpened(lost);
    expect(reopened.status).toBe('behind');
    expect(reopened.state).toBe(model.state);
    expect(receiveFrame(reopened, heartbeatFrame(model.lastPosition)).status).toBe('live');
  });

  it('stops on a frame it cannot read rather than show a state the server would not', () => {
    const { model } = caughtUpOn();
    const failed = receiveFrame(model, '{"kind":"event","event":{"position":"nine"}}');
    expect(failed.status).toBe('failed');
    expect(failed.problem).toMatch(/does not understand/);
    expect(receiveFrame(failed, heartbeatFrame(1))).toBe(failed);
    expect(connectionLost(failed).status).toBe('failed');

    const [envelope] = envelopesOf(givenBaseline().events);
    const unreadable = { ...envelope!, position: model.lastPosition + 1, data: { nonsense: true } };
    expect(receiveFrame(model, eventFrame(unreadable))).toMatchObject({
      status: 'failed',
      problem: `Event ${model.lastPosition + 1} (ProgrammeLaunched) could not be read.`,
    });
  });
});
