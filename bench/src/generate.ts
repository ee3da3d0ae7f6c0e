import type { Command, DomainEvent, FoldableEvent, ProgrammeState, Rag, RagSubject, Sector } from '@steerlog/domain';
import { applyEvent, decide, initialState, ragOf } from '@steerlog/domain';

/** mulberry32: a small seeded PRNG, so every run generates the same commands. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
export type Random = ReturnType<typeof prng>;

const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const int = (rnd: Random, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const SECTORS: readonly Sector[] = ['local-authority', 'nhs', 'police', 'third-sector', 'education', 'housing'];
const DOMAINS = ['leadership', 'workforce', 'environment', 'policy', 'co-production', 'data'];
const WORDS = [
  'trauma',
  'informed',
  'training',
  'workforce',
  'schools',
  'housing',
  'police',
  'health',
  'council',
  'pathway',
  'review',
  'pilot',
  'evaluation',
  'funding',
  'children',
  'families',
  'practice',
  'network',
  'supervision',
  'wellbeing',
  'community',
  'strategy',
  'screening',
  'referrals',
  'peer',
  'support',
];
const FIRST = ['Alex', 'Sam', 'Jo', 'Priya', 'Morgan', 'Chris', 'Aisha', 'Tom', 'Ewan', 'Fiona', 'Ravi', 'Kate'];
const LAST = ['Lead', 'Reid', 'Shah', 'Evans', 'Murray', 'Khan', 'Walsh', 'Grant', 'Okafor', 'Young'];
const RAGS: readonly Rag[] = ['red', 'amber', 'green'];

const sentence = (rnd: Random, words: number) => {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(rnd, WORDS));
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const person = (rnd: Random) => `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const financialYear = (ms: number) => {
  const d = new Date(ms);
  const start = d.getUTCMonth() >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

export type ScriptShape = { partners: number; workstreams: number };
/** A programme with a handful of partners: what most programmes look like. */
export const SMALL: ScriptShape = { partners: 4, workstreams: 2 };
/** A long-running programme: more partners and workstreams, the rest grows with the log. */
export const LARGE: ScriptShape = { partners: 40, workstreams: 12 };

type Weighted = readonly [kind: string, weight: number];
/** The steady-state mix once a programme is set up: mostly updates, some new things. */
const MIX: readonly Weighted[] = [
  ['ChangeRag', 18],
  ['SubmitHighlightReport', 8],
  ['RecordTraining', 8],
  ['AssessMaturity', 6],
  ['AddMilestone', 8],
  ['CompleteMilestone', 4],
  ['RescheduleMilestone', 3],
  ['RecordDecision', 7],
  ['AssignAction', 7],
  ['CompleteAction', 4],
  ['RaiseRisk', 4],
  ['CloseRisk', 2],
  ['AllocateFunding', 2],
  ['RecordSpend', 5],
  ['Meeting', 3],
  ['AppointChampion', 2],
  ['AddPartner', 1],
];
const MIX_TOTAL = MIX.reduce((n, [, w]) => n + w, 0);

const noNewIds = (kind: string): string => {
  throw new Error(`the bench gives every ${kind} an explicit id`);
};

/**
 * One programme's commands, generated deterministically and always valid: the script keeps the
 * programme's state with the domain's own `decide` and `applyEvent`, so what it sends next is
 * accepted by the store in the same order. Every command carries explicit ids (the store and
 * the script agree on them) and no `occurredAt` (no back-dating, so no refold).
 */
export class ProgrammeScript {
  readonly state: ProgrammeState = initialState();
  private readonly rnd: Random;
  private readonly setup: Command[];
  private n = 0;
  private version = 0;
  private seq = 0;
  private readonly openMilestones: string[] = [];
  private readonly openActions: string[] = [];
  private readonly openRisks: string[] = [];
  private readonly decisions: string[] = [];
  private readonly allocations: string[] = [];

  constructor(
    readonly programmeId: string,
    seed: number,
    private readonly shape: ScriptShape = SMALL,
    /** The programme's notional start, for due dates and financial years. */
    private readonly startMs = Date.UTC(2024, 3, 1),
  ) {
    this.rnd = prng(seed);
    this.setup = this.setupCommands();
  }

  get count() {
    return this.n;
  }

  private id(kind: string) {
    return `${kind}-${++this.seq}`;
  }

  private setupCommands(): Command[] {
    const rnd = this.rnd;
    const out: Command[] = [
      {
        type: 'LaunchProgramme',
        data: {
          name: `Programme ${this.programmeId}`,
          ambition: 'A trauma-informed and responsive system by 2030',
          startsOn: isoDate(this.startMs),
          endsOn: isoDate(this.startMs + 5 * 365 * 86_400_000),
        },
      },
    ];
    for (let i = 0; i < this.shape.partners; i++)
      out.push({
        type: 'AddPartner',
        data: {
          partnerId: `partner-${i + 1}`,
          name: `Partner ${i + 1}`,
          sector: pick(rnd, SECTORS),
          lead: person(rnd),
        },
      });
    for (let i = 0; i < this.shape.workstreams; i++)
      out.push({
        type: 'CreateWorkstream',
        data: {
          workstreamId: `workstream-${i + 1}`,
          name: sentence(rnd, 2),
          leadPartnerId: `partner-${(i % this.shape.partners) + 1}`,
          description: sentence(rnd, 8),
        },
      });
    out.push(this.allocate());
    return out;
  }

  private allocate(): Command {
    const allocationId = this.id('allocation');
    return {
      type: 'AllocateFunding',
      data: {
        allocationId,
        source: 'National fund',
        amountPence: 50_000_000,
        financialYear: financialYear(this.startMs),
        workstreamId: pick(this.rnd, [...this.state.workstreams.keys()].concat(['workstream-1'])),
        purpose: sentence(this.rnd, 5),
      },
    };
  }

  private partnerId() {
    return pick(this.rnd, [...this.state.partners.keys()]);
  }

  private dueOn() {
    return isoDate(this.startMs + int(this.rnd, 30, 4 * 365) * 86_400_000);
  }

  private steady(): Command {
    const rnd = this.rnd;
    const s = this.state;
    let roll = rnd() * MIX_TOTAL;
    let kind = MIX[0]![0];
    for (const [k, w] of MIX) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
    switch (kind) {
      case 'ChangeRag': {
        const which = rnd();
        const subject: RagSubject =
          which < 0.2
            ? { kind: 'programme' }
            : which < 0.7
              ? { kind: 'partner', id: this.partnerId() }
              : { kind: 'workstream', id: pick(rnd, [...s.workstreams.keys()]) };
        const current = ragOf(s, subject)?.current;
        const rag = pick(
          rnd,
          RAGS.filter((r) => r !== current),
        );
        return { type: 'ChangeRag', data: { subject, rag, reason: sentence(rnd, 6) } };
      }
      case 'SubmitHighlightReport':
        return {
          type: 'SubmitHighlightReport',
          data: {
            partnerId: this.partnerId(),
            lead: person(rnd),
            summary: sentence(rnd, 14),
            successes: [sentence(rnd, 7), sentence(rnd, 5)],
            challenges: [sentence(rnd, 6)],
            upcoming: [{ title: sentence(rnd, 4), dueOn: this.dueOn() }, { title: sentence(rnd, 3) }],
          },
        };
      case 'RecordTraining':
        return {
          type: 'RecordTraining',
          data: {
            partnerId: this.partnerId(),
            level: int(rnd, 1, 4),
            audience: sentence(rnd, 2),
            sessions: int(rnd, 1, 12),
            attendees: int(rnd, 5, 300),
            deliveredOn: this.dueOn(),
          },
        };
      case 'AssessMaturity':
        return {
          type: 'AssessMaturity',
          data: {
            partnerId: this.partnerId(),
            domain: pick(rnd, DOMAINS),
            level: pick(rnd, ['not-present', 'emerging', 'consistently-present'] as const),
            evidence: sentence(rnd, 8),
          },
        };
      case 'AddMilestone': {
        const milestoneId = this.id('milestone');
        this.openMilestones.push(milestoneId);
        return {
          type: 'AddMilestone',
          data: {
            milestoneId,
            workstreamId: pick(rnd, [...s.workstreams.keys()]),
            title: sentence(rnd, 5),
            dueOn: this.dueOn(),
          },
        };
      }
      case 'CompleteMilestone':
      case 'RescheduleMilestone': {
        if (this.openMilestones.length === 0) return this.steadyFallback();
        const index = Math.floor(rnd() * this.openMilestones.length);
        const milestoneId = this.openMilestones[index]!;
        if (kind === 'RescheduleMilestone')
          return { type: 'RescheduleMilestone', data: { milestoneId, dueOn: this.dueOn(), reason: sentence(rnd, 6) } };
        this.openMilestones.splice(index, 1);
        return { type: 'CompleteMilestone', data: { milestoneId, completedOn: this.dueOn() } };
      }
      case 'RecordDecision': {
        const decisionId = this.id('decision');
        this.decisions.push(decisionId);
        return {
          type: 'RecordDecision',
          data: {
            decisionId,
            summary: sentence(rnd, 10),
            rationale: sentence(rnd, 12),
            alternativesRejected: [sentence(rnd, 5)],
            conflictsDeclared: [],
          },
        };
      }
      case 'AssignAction': {
        const actionId = this.id('action');
        this.openActions.push(actionId);
        const decisionId = this.decisions.length > 0 && rnd() < 0.5 ? pick(rnd, this.decisions) : undefined;
        return {
          type: 'AssignAction',
          data: {
            actionId,
            title: sentence(rnd, 5),
            ownerPartnerId: this.partnerId(),
            dueOn: this.dueOn(),
            ...(decisionId ? { decisionId } : {}),
          },
        };
      }
      case 'CompleteAction': {
        if (this.openActions.length === 0) return this.steadyFallback();
        const [actionId] = this.openActions.splice(Math.floor(rnd() * this.openActions.length), 1);
        return { type: 'CompleteAction', data: { actionId: actionId!, completedOn: this.dueOn() } };
      }
      case 'RaiseRisk': {
        const riskId = this.id('risk');
        this.openRisks.push(riskId);
        return {
          type: 'RaiseRisk',
          data: {
            riskId,
            title: sentence(rnd, 5),
            likelihood: int(rnd, 1, 5),
            impact: int(rnd, 1, 5),
            ownerPartnerId: this.partnerId(),
          },
        };
      }
      case 'CloseRisk': {
        if (this.openRisks.length === 0) return this.steadyFallback();
        const [riskId] = this.openRisks.splice(Math.floor(rnd() * this.openRisks.length), 1);
        return { type: 'CloseRisk', data: { riskId: riskId!, reason: sentence(rnd, 5) } };
      }
      case 'AllocateFunding': {
        const command = this.allocate();
        return command;
      }
      case 'RecordSpend': {
        const funded = [...s.allocations.values()].filter((a) => a.amountPence - a.spentPence >= 100_000);
        if (funded.length === 0) return this.allocate();
        const a = pick(rnd, funded);
        return {
          type: 'RecordSpend',
          data: {
            allocationId: a.allocationId,
            amountPence: int(rnd, 1_000, Math.min(100_000, a.amountPence - a.spentPence)),
            spentOn: this.dueOn(),
            note: sentence(rnd, 4),
          },
        };
      }
      case 'Meeting': {
        if (s.openMeetingId !== null) return { type: 'CloseMeeting', data: { meetingId: s.openMeetingId } };
        const partners = [...s.partners.keys()];
        return {
          type: 'OpenMeeting',
          data: {
            meetingId: this.id('meeting'),
            title: `Steering group ${this.seq}`,
            attendees: partners.slice(0, Math.min(6, partners.length)),
          },
        };
      }
      case 'AppointChampion':
        return {
          type: 'AppointChampion',
          data: { championId: this.id('champion'), partnerId: this.partnerId(), name: person(rnd), role: 'Champion' },
        };
      case 'AddPartner':
      default: {
        if (s.partners.size >= this.shape.partners * 2) return this.steadyFallback();
        const partnerId = this.id('org');
        return { type: 'AddPartner', data: { partnerId, name: sentence(rnd, 2), sector: pick(rnd, SECTORS) } };
      }
    }
  }

  private steadyFallback(): Command {
    return {
      type: 'RecordTraining',
      data: {
        partnerId: this.partnerId(),
        level: 1,
        audience: 'All staff',
        sessions: 1,
        attendees: 20,
        deliveredOn: this.dueOn(),
      },
    };
  }

  /** The next command, without deciding it (for a store or server that decides it). */
  nextCommand(): Command {
    return this.n < this.setup.length ? this.setup[this.n]! : this.steady();
  }

  /**
   * The next command and the events `decide` makes of it, applied to the script's state as if
   * recorded at `at` with these `ids`. The store, given the same command, decides the same events.
   */
  next(at: string, ids: (n: number) => { id: string; position: number }): { command: Command; events: DomainEvent[] } {
    const command = this.nextCommand();
    const events = decide(this.state, command, { programmeId: this.programmeId, newId: noNewIds });
    for (const e of events) {
      const { id, position } = ids(this.version + 1);
      const recorded: FoldableEvent = { ...e, id, position, version: ++this.version, occurredAt: at, recordedAt: at };
      applyEvent(this.state, recorded);
    }
    this.n++;
    return { command, events };
  }
}

/** `count` commands for each of `programmes` programmes, interleaved round-robin (command 1 of each, then 2, …). */
export function* roundRobin(programmes: number, perProgramme: number, prefix = 'bench', seed = 1) {
  const scripts = Array.from(
    { length: programmes },
    (_, i) => new ProgrammeScript(`${prefix}-${String(i + 1).padStart(4, '0')}`, seed * 100_003 + i),
  );
  const at = new Date().toISOString();
  let fake = 0;
  for (let k = 0; k < perProgramme; k++)
    for (const s of scripts) {
      const { command } = s.next(at, () => ({ id: `fake-${++fake}`, position: fake }));
      yield { programmeId: s.programmeId, command };
    }
}
