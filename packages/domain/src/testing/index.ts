import type { Command } from '../commands.js';
import { DomainError } from '../errors.js';
import type { DomainErrorCode } from '../errors.js';
import type { FoldableEvent } from '../evolve.js';
import { fold } from '../fold.js';
import type { Cut } from '../fold.js';
import type { ProgrammeState } from '../state.js';
import { record } from '../record.js';
import { correctingFrom } from '../outcomes/correct.js';

export const PROGRAMME = 'test-programme';

/** A uuid that is the same in every run, so tests and snapshots are stable. */
export const eventIdFor = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Clock = { now: string };

/**
 * An in-memory programme log for tests: commands go through `decide` against the fold of what
 * was recorded before, with a clock that moves one second per command unless told otherwise.
 */
export class MemoryLog {
  readonly events: FoldableEvent[] = [];
  private ids = 0;
  private readonly clock: Clock;
  constructor(
    readonly programmeId = PROGRAMME,
    start = '2026-01-01T00:00:00.000Z',
  ) {
    this.clock = { now: start };
  }

  get now() {
    return this.clock.now;
  }

  /** Moves the recording clock to `instant`. */
  at(instant: string): this {
    this.clock.now = instant;
    return this;
  }

  state(cut?: Cut): ProgrammeState {
    return fold(this.events, cut);
  }

  /** Records a command the way the store does (decide on the current fold) and returns the new events. */
  record(command: Command): FoldableEvent[] {
    const { occurredAt, events } = record(this.state(), command, {
      programmeId: this.programmeId,
      newId: (kind) => `${kind}-${++this.ids}`,
      now: this.clock.now,
      actorPartnerId: null,
      correcting: correctingFrom(this.events),
    });
    const recorded = events.map(({ meetingId: _meetingId, illustrative, correctionOf, ...e }, n): FoldableEvent => {
      const position = this.events.length + 1 + n;
      return {
        ...e,
        ...(illustrative || correctionOf
          ? { meta: { ...(illustrative ? { illustrative } : {}), ...(correctionOf ? { correctionOf } : {}) } }
          : {}),
        id: eventIdFor(position),
        position,
        version: position,
        occurredAt,
        recordedAt: this.clock.now,
      };
    });
    this.events.push(...recorded);
    this.clock.now = new Date(Date.parse(this.clock.now) + 1000).toISOString();
    return recorded;
  }

  recordAll(commands: readonly Command[]): this {
    for (const c of commands) this.record(c);
    return this;
  }
}

/** A launched programme with two partners, a workstream and a milestone: the usual "given". */
export const baseline = (): Command[] => [
  {
    type: 'LaunchProgramme',
    data: { name: 'Trauma-informed Testshire', ambition: 'A trauma-informed system by 2030' },
    occurredAt: '2025-01-06',
  },
  {
    type: 'AddPartner',
    data: { partnerId: 'council', name: 'Testshire Council', sector: 'local-authority', lead: 'Alex Lead' },
    occurredAt: '2025-01-06',
  },
  {
    type: 'AddPartner',
    data: { partnerId: 'nhs-trust', name: 'Testshire NHS Trust', sector: 'nhs' },
    occurredAt: '2025-01-06',
  },
  {
    type: 'CreateWorkstream',
    data: { workstreamId: 'training', name: 'Training', leadPartnerId: 'council' },
    occurredAt: '2025-01-07',
  },
  {
    type: 'AddMilestone',
    data: {
      milestoneId: 'tier-1-live',
      workstreamId: 'training',
      title: 'Tier 1 e-learning live',
      dueOn: '2025-04-30',
    },
    occurredAt: '2025-01-07',
  },
  {
    type: 'AllocateFunding',
    data: {
      allocationId: 'grant-2025',
      source: 'National fund',
      amountPence: 5_000_000,
      financialYear: '2025/26',
      workstreamId: 'training',
    },
    occurredAt: '2025-04-01',
  },
];

export const givenBaseline = () => new MemoryLog().recordAll(baseline());

/** The code a command is refused with; a command that is accepted fails the test that expected a refusal. */
export const refusal = (log: MemoryLog, command: Command): DomainErrorCode => {
  try {
    log.record(command);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error(`${command.type} was accepted`);
};
