import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Command } from '@steerlog/domain';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json, Reply, ServerProcess } from './harness.js';
import {
  client,
  createTokens,
  pool,
  problemFaults,
  request,
  resetAgents,
  spawnServer,
  summary,
  tempDir,
} from './harness.js';

/**
 * Part 3, hostile input: at least 10,000 generated bad requests (fast-check) plus a hand list,
 * 20 in flight. None may get a 5xx, crash the process, change the store, or be answered with
 * anything but a problem document naming what was wrong.
 */

const GENERATED = 10_500;
const IN_FLIGHT = 20;
const SEED = Number(process.env['RELIABILITY_SEED'] ?? 20_261_123);
const P = 'hostile';

const dir = tempDir('hostile');
const dbPath = dir.path('hostile.db');
let server: ServerProcess;
let tokens: Awaited<ReturnType<typeof createTokens<'coordinator' | 'auditor' | 'admin'>>>;

/** What the server holds, as far as any client can see: the whole export, the state and the chain. */
const snapshot = async () => {
  const auditor = client(() => server.url, tokens.auditor.token);
  const coordinator = client(() => server.url, tokens.coordinator.token);
  const exported = await auditor.get('/api/export');
  const verified = await auditor.get('/api/audit/verify');
  const state = await coordinator.get(`/api/programmes/${P}/state`);
  const list = await coordinator.get('/api/programmes');
  const ready = await request(server.url, 'GET', '/readyz');
  const { asOf: _a, knownAt: _k, ...view } = state.body as Record<string, unknown>;
  return { exported: exported.text, verified: verified.body, view, list: list.body, head: ready.body.head as number };
};
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  tokens = await createTokens(dbPath, {
    coordinator: { role: 'coordinator' },
    auditor: { role: 'auditor' },
    admin: { role: 'admin' },
  });
  server = await spawnServer({ dbPath });
  const c = client(() => server.url, tokens.coordinator.token);
  const setup = [
    { type: 'LaunchProgramme', data: { name: 'Hostile', startsOn: '2024-01-01' } },
    { type: 'AddPartner', data: { partnerId: 'acme', name: 'Acme', sector: 'nhs', lead: 'Ada Lead' } },
    { type: 'CreateWorkstream', data: { workstreamId: 'ws1', name: 'Workstream' } },
    { type: 'AddMilestone', data: { milestoneId: 'm1', workstreamId: 'ws1', title: 'M', dueOn: '2024-05-01' } },
    {
      type: 'AllocateFunding',
      data: { allocationId: 'a1', source: 'HO', amountPence: 1000, financialYear: '2024/25' },
    },
    { type: 'RaiseRisk', data: { riskId: 'r1', title: 'Risk', likelihood: 2, impact: 2 } },
  ];
  for (const command of setup) {
    const res = await c.command(P, command, { headers: { 'idempotency-key': `setup-${command.type}` } });
    expect(res.status, res.text).toBe(201);
  }
  before = await snapshot();
});

afterAll(async () => {
  await server.kill('SIGTERM');
  resetAgents();
  dir.remove();
});

/** A field of a command, by the kind of value it takes. */
type Kind =
  | 'slug'
  | 'short'
  | 'text'
  | 'date'
  | 'int'
  | 'pence'
  | 'enum'
  | 'list'
  | 'fy'
  | 'uuid'
  | 'subject'
  | 'slugs'
  | 'upcoming';
type Field = { name: string; kind: Kind; required: boolean };
const f = (name: string, kind: Kind, required = true): Field => ({ name, kind, required });

/** Valid commands against the programme above, with the kind of each field, to mutate one field at a time. */
const bases: { command: { type: string; data: Record<string, unknown> }; fields: Field[] }[] = [
  {
    command: { type: 'AddPartner', data: { partnerId: 'newp', name: 'New', sector: 'police', lead: 'Bo' } },
    fields: [f('partnerId', 'slug', false), f('name', 'short'), f('sector', 'enum'), f('lead', 'short', false)],
  },
  {
    command: {
      type: 'CreateWorkstream',
      data: { workstreamId: 'ws2', name: 'W2', leadPartnerId: 'acme', description: 'd' },
    },
    fields: [
      f('workstreamId', 'slug', false),
      f('name', 'short'),
      f('leadPartnerId', 'slug', false),
      f('description', 'text', false),
    ],
  },
  {
    command: {
      type: 'AddMilestone',
      data: { milestoneId: 'm2', workstreamId: 'ws1', title: 'T', dueOn: '2024-06-01' },
    },
    fields: [f('milestoneId', 'slug', false), f('workstreamId', 'slug'), f('title', 'short'), f('dueOn', 'date')],
  },
  {
    command: { type: 'RescheduleMilestone', data: { milestoneId: 'm1', dueOn: '2024-07-01', reason: 'late' } },
    fields: [f('milestoneId', 'slug'), f('dueOn', 'date'), f('reason', 'text')],
  },
  {
    command: {
      type: 'AllocateFunding',
      data: { source: 'HO', amountPence: 5, financialYear: '2023/24', purpose: 'p' },
    },
    fields: [f('source', 'short'), f('amountPence', 'pence'), f('financialYear', 'fy'), f('purpose', 'text', false)],
  },
  {
    command: { type: 'RecordSpend', data: { allocationId: 'a1', amountPence: 10, spentOn: '2024-03-01', note: 'n' } },
    fields: [f('allocationId', 'slug'), f('amountPence', 'pence'), f('spentOn', 'date'), f('note', 'text', false)],
  },
  {
    command: { type: 'ChangeRag', data: { subject: { kind: 'partner', id: 'acme' }, rag: 'red', reason: 'why' } },
    fields: [f('subject', 'subject'), f('rag', 'enum'), f('reason', 'text')],
  },
  {
    command: { type: 'OpenMeeting', data: { meetingId: 'mt1', title: 'Board', attendees: ['acme'] } },
    fields: [f('meetingId', 'slug', false), f('title', 'short'), f('attendees', 'slugs')],
  },
  {
    command: { type: 'RecordDecision', data: { summary: 'S', alternativesRejected: ['x'], conflictsDeclared: [] } },
    fields: [f('summary', 'text'), f('alternativesRejected', 'list', false), f('conflictsDeclared', 'list', false)],
  },
  {
    command: { type: 'AssignAction', data: { title: 'A', ownerPartnerId: 'acme', dueOn: '2024-08-01' } },
    fields: [f('title', 'short'), f('ownerPartnerId', 'slug'), f('dueOn', 'date')],
  },
  {
    command: { type: 'RaiseRisk', data: { title: 'R', likelihood: 3, impact: 4, ownerPartnerId: 'acme' } },
    fields: [f('title', 'short'), f('likelihood', 'int'), f('impact', 'int'), f('ownerPartnerId', 'slug', false)],
  },
  {
    command: {
      type: 'RecordTraining',
      data: { partnerId: 'acme', level: 2, audience: 'staff', sessions: 1, attendees: 9, deliveredOn: '2024-02-02' },
    },
    fields: [
      f('partnerId', 'slug', false),
      f('level', 'int'),
      f('audience', 'short'),
      f('sessions', 'int'),
      f('attendees', 'int'),
      f('deliveredOn', 'date'),
    ],
  },
  {
    command: { type: 'AppointChampion', data: { partnerId: 'acme', name: 'Cy Champion', role: 'lead' } },
    fields: [f('partnerId', 'slug'), f('name', 'short'), f('role', 'short', false)],
  },
  {
    command: { type: 'AssessMaturity', data: { partnerId: 'acme', domain: 'data', level: 'emerging' } },
    fields: [f('partnerId', 'slug', false), f('domain', 'slug'), f('level', 'enum')],
  },
  {
    command: {
      type: 'SubmitHighlightReport',
      data: {
        partnerId: 'acme',
        lead: 'Ada Lead',
        summary: 's',
        successes: ['a'],
        challenges: [],
        upcoming: [{ title: 'u' }],
      },
    },
    fields: [
      f('partnerId', 'slug'),
      f('lead', 'short'),
      f('summary', 'text'),
      f('successes', 'list'),
      f('challenges', 'list'),
      f('upcoming', 'upcoming'),
    ],
  },
  {
    command: { type: 'RetractEvent', data: { eventId: '00000000-0000-4000-8000-000000000000', reason: 'wrong' } },
    fields: [f('eventId', 'uuid'), f('reason', 'text')],
  },
];

const sqlAndHtml = [
  "'; DROP TABLE events; --",
  "1' OR '1'='1",
  'acme"; DELETE FROM tokens; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  'acme\u0000',
  'ac\nme',
  'ACME',
  '-acme',
  'a'.repeat(65),
  '',
  'caf\u00e9',
  '\u202eacme',
];
const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((n) => String.fromCharCode(n)),
  minLength: 1,
  maxLength: 8,
});
const badDates = [
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '20240101',
  '2024/01/01',
  '01-01-2024',
  'yesterday',
  '2024-01-01T00:00:00',
  '2024-01-01T25:00:00Z',
  ' 2024-01-01',
  '2024-01-01\n',
  '+002024-01-01',
  '',
];

/** A value of the wrong JSON type, or of the right type but breaking the field's rule. */
const wrongValue = (kind: Kind): fc.Arbitrary<unknown> => {
  const notString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
  );
  const notNumber = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.constant({}),
  );
  switch (kind) {
    case 'slug':
      return fc.oneof(
        notString,
        fc.constantFrom(...sqlAndHtml),
        controlChars,
        fc.string({ minLength: 65, maxLength: 300 }),
      );
    case 'short':
      return fc.oneof(
        notString,
        fc.string({ minLength: 201, maxLength: 4000 }).filter((s) => s.trim().length > 200),
        fc.constantFrom('', '   ', '\t\n'),
      );
    case 'text':
      return fc.oneof(
        notString,
        fc.constant('x'.repeat(2001)),
        fc.constant('y'.repeat(60_000)),
        fc.constantFrom('', '  '),
      );
    case 'date':
      return fc.oneof(
        notString,
        fc.constantFrom(...badDates),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      );
    case 'int':
      return fc.oneof(notNumber, fc.constantFrom(-1, 0.5, 1e308, -0.0001, 99, 11_000_000));
    case 'pence':
      return fc.oneof(notNumber, fc.constantFrom(0, -1, -100, 1.5, 2 ** 53, 1e21), fc.integer({ max: 0 }));
    case 'enum':
      return fc.oneof(
        notString,
        fc.constantFrom('RED', 'purple', 'nhs ', '', 'Emerging'),
        fc.string({ maxLength: 12 }),
      );
    case 'fy':
      return fc.oneof(notString, fc.constantFrom('2022/22', '2022-23', '22/23', '2022/2023', '2099/01', ''));
    case 'uuid':
      return fc.oneof(notString, fc.constantFrom('not-a-uuid', '', "' OR 1=1 --"), fc.string({ maxLength: 40 }));
    case 'subject':
      return fc.oneof(
        notString,
        fc.constant('programme'),
        fc.constantFrom(
          { kind: 'council' },
          { kind: 'partner' },
          { kind: 'programme', id: 'x' },
          { kind: 'partner', id: 'BAD ID' },
          { kind: 'workstream', id: 5 },
        ),
      );
    case 'slugs':
      return fc.oneof(
        fc.constant('acme'),
        fc.constant([1, 2]),
        fc.constant(Array.from({ length: 201 }, (_, i) => `p${i}`)),
        fc.constant(['ACME']),
      );
    case 'list':
      return fc.oneof(
        fc.constant('x'),
        fc.constant([1]),
        fc.constant(Array.from({ length: 51 }, () => 'x')),
        fc.constant(['']),
        fc.constant([null]),
      );
    case 'upcoming':
      return fc.oneof(
        fc.constant([{ title: 'u', extra: 1 }]),
        fc.constant([{ title: '' }]),
        fc.constant([{ title: 'u', dueOn: 'soon' }]),
        fc.constant(['u']),
      );
  }
};

type Case = {
  label: string;
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  token?: 'coordinator' | 'auditor' | 'admin';
  headers?: Record<string, string>;
  /** Statuses that name the fault correctly. */
  expect: number[];
  /** For 400s: the field the errors must name (or a parent/child of it). */
  path400?: string;
};

/** Command body cases: one mutation of one valid command; kept only if the server's own schema rejects it. */
const mutated: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...bases), fc.nat(), fc.nat(), fc.string({ maxLength: 20 }))
  .chain(([base, pick, how, junkKey]) => {
    const field = base.fields[pick % base.fields.length]!;
    const wrap = (command: unknown, label: string, path400: string): Case => ({
      label: `${base.command.type}: ${label}`,
      method: 'POST',
      path: `/api/programmes/${P}/commands`,
      body: JSON.stringify(command),
      contentType: 'application/json',
      token: 'coordinator',
      expect: [400, 413],
      path400,
    });
    const unknownKey = junkKey in base.command.data || junkKey === '' ? `${junkKey}zz` : junkKey;
    switch (how % 6) {
      case 0:
        return wrongValue(field.kind).map((v) =>
          wrap(
            { ...base.command, data: { ...base.command.data, [field.name]: v } },
            `wrong ${field.kind} ${field.name}`,
            `data.${field.name}`,
          ),
        );
      case 1:
        return fc.constant(
          field.required
            ? wrap(
                {
                  ...base.command,
                  data: Object.fromEntries(Object.entries(base.command.data).filter(([k]) => k !== field.name)),
                },
                `missing ${field.name}`,
                `data.${field.name}`,
              )
            : wrap({ ...base.command, data: { ...base.command.data, [unknownKey]: 1 } }, `unknown data key`, 'data'),
        );
      case 2:
        return fc
          .oneof(
            fc.constant('constructor'),
            fc.constant('toString'),
            fc.constant('hasOwnProperty'),
            fc.constant(unknownKey),
            fc.constantFrom("id' OR 1=1", '<b>x</b>'),
          )
          .chain((key) =>
            fc.constantFrom(
              wrap({ ...base.command, [key]: 'x' }, `unknown top key ${key}`, ''),
              wrap({ ...base.command, data: { ...base.command.data, [key]: 'x' } }, `unknown data key ${key}`, 'data'),
            ),
          );
      case 3:
        return fc
          .oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('launchprogramme', 'LaunchProgramme ', 'DROP', '<script>', '__proto__'),
            fc.integer(),
            fc.constant(null),
          )
          .map((t) => wrap({ ...base.command, type: t }, `bad type`, 'type'));
      case 4:
        return fc
          .oneof(
            fc.constantFrom(-1, 1.5, '3', null, true, 1e300).map((v) => ({ key: 'expectedVersion', v })),
            fc.constantFrom(...badDates, 7, null, '2024-01-01T00:00:00').map((v) => ({ key: 'occurredAt', v })),
            fc
              .oneof(fc.constant(null), fc.constant([]), fc.string({ maxLength: 5 }), fc.integer())
              .map((v) => ({ key: 'data', v })),
          )
          .map(({ key, v }) => wrap({ ...base.command, [key]: v }, `bad ${key}`, key));
      default:
        // Deep nesting under an unknown key, or as the data itself.
        return fc.integer({ min: 50, max: 5000 }).map((depth) => {
          const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
          const text = JSON.stringify({ ...base.command, data: '__DEEP__' }).replace('"__DEEP__"', deep);
          return { ...wrap(null, `deep ${depth}`, 'data'), body: text };
        });
    }
  })
  .filter((c) => {
    // Keep only what the contract's own schema refuses: these must all be invalid.
    if (typeof c.body !== 'string') return true;
    try {
      return !Command.safeParse(JSON.parse(c.body)).success;
    } catch {
      return true;
    }
  });

/** Raw bodies that are not JSON at all, or JSON with prototype-poisoning keys. */
const rawJson: fc.Arbitrary<Case> = fc
  .oneof(
    fc.tuple(fc.constantFrom(...bases), fc.nat()).map(([b, n]) => {
      const text = JSON.stringify(b.command);
      return { label: 'truncated JSON', body: text.slice(0, n % text.length) };
    }),
    fc
      .uint8Array({ minLength: 1, maxLength: 300 })
      .map((bytes) => ({ label: 'random bytes', body: Buffer.from(bytes) })),
    fc.tuple(fc.constantFrom(...bases), fc.constantFrom('__proto__', 'constructor')).map(([b, key]) => ({
      label: `${key} poisoning`,
      body: JSON.stringify(b.command).replace(
        '"data":{',
        key === '__proto__'
          ? '"data":{"__proto__":{"admin":true},'
          : '"data":{"constructor":{"prototype":{"admin":true}},',
      ),
    })),
    fc.tuple(fc.constantFrom(...bases), controlChars).map(([b, cc]) => ({
      label: 'raw control characters in a string',
      body: JSON.stringify(b.command).replace('"data":{', `"data":{"x${cc}":1,`),
    })),
    fc
      .constantFrom(
        '',
        ' ',
        'null',
        '[]',
        '"x"',
        '1',
        'true',
        '{',
        '{"type":}',
        "{'type':'RaiseRisk'}",
        '{"type":"RaiseRisk",}',
        'NaN',
        '{"a":1}{"b":2}',
      )
      .map((body) => ({ label: 'not a command', body })),
  )
  .map((c) => ({
    ...c,
    method: 'POST',
    path: `/api/programmes/${P}/commands`,
    contentType: 'application/json',
    token: 'coordinator' as const,
    expect: [400],
    path400: '',
  }))
  .filter((c) => {
    try {
      return !Command.safeParse(JSON.parse(c.body.toString())).success;
    } catch {
      return true;
    }
  });

/** A valid command under a content type the API does not take. */
const wrongContentType: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...bases),
    fc.constantFrom(
      'text/html',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/x-ndjson',
      'image/png',
      'application/octet-stream',
      'application/jsonp',
      'json',
    ),
  )
  .map(([b, type]) => ({
    label: `content-type ${type}`,
    method: 'POST',
    path: `/api/programmes/${P}/commands`,
    body: JSON.stringify(b.command),
    contentType: type,
    token: 'coordinator' as const,
    expect: [415],
  }));

const oversized: fc.Arbitrary<Case> = fc.integer({ min: 64 * 1024 + 1, max: 1024 * 1024 }).map((size) => ({
  label: `body of ${size} bytes`,
  method: 'POST',
  path: `/api/programmes/${P}/commands`,
  body: JSON.stringify({ type: 'RaiseRisk', data: { title: 'x'.repeat(size), likelihood: 1, impact: 1 } }),
  contentType: 'application/json',
  token: 'coordinator' as const,
  expect: [413],
}));

/** Valid in shape, refused by the domain or the routing: unknown ids and programmes, duplicates, the future. */
const refusedByRules: fc.Arbitrary<Case> = fc
  .oneof(
    fc
      .constantFrom(
        { type: 'CompleteMilestone', data: { milestoneId: 'nope', completedOn: '2024-01-01' } },
        { type: 'RecordSpend', data: { allocationId: 'nope', amountPence: 1, spentOn: '2024-01-01' } },
        { type: 'RecordSpend', data: { allocationId: 'a1', amountPence: 999_999, spentOn: '2024-01-01' } },
        { type: 'AppointChampion', data: { partnerId: 'nope', name: 'X' } },
        { type: 'AddMilestone', data: { workstreamId: 'nope', title: 'T', dueOn: '2024-01-01' } },
        { type: 'AddPartner', data: { partnerId: 'acme', name: 'Dup', sector: 'nhs' } },
        { type: 'CloseRisk', data: { riskId: 'nope', reason: 'r' } },
        { type: 'CloseMeeting', data: { meetingId: 'nope' } },
        { type: 'ChangeRag', data: { subject: { kind: 'workstream', id: 'nope' }, rag: 'red', reason: 'r' } },
        { type: 'RetractEvent', data: { eventId: '00000000-0000-4000-8000-000000000000', reason: 'r' } },
        { type: 'LaunchProgramme', data: { name: 'Again' } },
        { type: 'RaiseRisk', data: { title: 'R', likelihood: 1, impact: 1 }, occurredAt: '2999-01-01' },
        { type: 'RaiseRisk', data: { title: 'R', likelihood: 1, impact: 1 }, expectedVersion: 0 },
      )
      .map((command) => ({
        label: `refused ${command.type}`,
        path: `/api/programmes/${P}/commands`,
        command,
        expect: [400, 404, 409, 422],
      })),
    fc.constantFrom(...bases).map((b) => ({
      label: `unknown programme ${b.command.type}`,
      path: '/api/programmes/no-such-programme/commands',
      command: b.command,
      expect: [404],
    })),
  )
  .map((c) => ({
    label: c.label,
    method: 'POST',
    path: c.path,
    body: JSON.stringify(c.command),
    contentType: 'application/json',
    token: 'coordinator' as const,
    expect: c.expect,
  }));

/** Reads with query strings they do not accept, and paths that do not exist. */
const badReads: fc.Arbitrary<Case> = fc
  .oneof(
    // Digits alone are a position to `diff`, so every bad date here has something else in it.
    fc
      .constantFrom(...badDates.filter((d) => !/^\d*$/.test(d)), 'now', '2024-01-01T00:00:00')
      .chain((bad) =>
        fc.constantFrom(
          `/state?asOf=${encodeURIComponent(bad)}`,
          `/state?knownAt=${encodeURIComponent(bad)}`,
          `/reports/highlight?asOf=${encodeURIComponent(bad)}`,
          `/diff?from=${encodeURIComponent(bad)}&to=1`,
        ),
      ),
    // Numbers are coerced as JavaScript does ('' is 0, '0x10' is 16), so only non-numbers and out-of-range ones.
    fc
      .constantFrom('-1', '1.5', 'abc', '1e999', '%00', '1,2', 'NaN', 'Infinity')
      .chain((bad) => fc.constantFrom(`/state?atPosition=${bad}`, `/events?after=${bad}`, `/events?limit=${bad}`)),
    fc.constantFrom(
      '/events?limit=0',
      '/events?limit=1001',
      '/events?after=1&after=2',
      '/state?atPosition=1&atPosition=2',
    ),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((k) => /^[a-z]+$/i.test(k) && !['asOf', 'knownAt', 'atPosition'].includes(k))
      .map((k) => `/state?${k}=1`),
    fc
      .constantFrom('bogus', 'partner:', 'partner:ACME', 'nope:x', 'partner:acme:x', "partner:' OR 1=1", '<script>')
      .map((s) => `/history?subject=${encodeURIComponent(s)}`),
    fc.constantFrom(
      '/history',
      '/diff?from=1',
      '/diff?to=1',
      '/reports/highlight?format=docx',
      '/reports/highlight?partnerId=BAD',
      '/meetings/ACME/minutes',
      '/meetings/m1/minutes?format=docx',
    ),
    fc
      .constantFrom(
        "/api/programmes/'%20OR%201=1/state",
        '/api/programmes/%3Cscript%3E/state',
        '/api/programmes/NOPE/events',
        '/api/programmes/a%00b/state',
      )
      .map((p) => `!${p}`),
    fc
      .constantFrom(
        '/api/nope',
        '/api/programmes/hostile/nope',
        '/api/programmes/hostile/state/extra',
        '/.env',
        '/api/../../etc/passwd',
      )
      .map((p) => `!${p}`),
  )
  .map((p) => ({
    label: `read ${p}`,
    method: 'GET',
    path: p.startsWith('!') ? p.slice(1) : `/api/programmes/${P}${p}`,
    token: 'coordinator' as const,
    expect: [400, 404],
  }));

const sendCase = async (c: Case): Promise<Reply> =>
  request(server.url, c.method, c.path, {
    token: c.token ? tokens[c.token].token : null,
    headers: { ...(c.contentType !== undefined ? { 'content-type': c.contentType } : {}), ...c.headers },
    ...(c.body !== undefined ? { raw: c.body } : {}),
  });

/** What is wrong with an answer to a bad request; empty when it is a good refusal. */
const judge = (c: Case, res: Reply): string[] => {
  const faults = problemFaults(res);
  if (!c.expect.includes(res.status)) faults.push(`status ${res.status}, expected ${c.expect.join('/')}`);
  if (res.status === 400 && c.path400 !== undefined) {
    const paths = ((res.body?.errors ?? []) as { path: string }[]).map((e) => e.path);
    const named = paths.some((p) => p === c.path400 || c.path400!.startsWith(`${p}.`) || p.startsWith(`${c.path400}.`));
    if (!named) faults.push(`errors name ${JSON.stringify(paths)}, not ${c.path400}`);
  }
  return faults;
};

const figures: Record<string, number> = {};
const allFaults: string[] = [];

it(`refuses ${GENERATED.toLocaleString('en-GB')} generated bad requests, ${IN_FLIGHT} in flight, with problem documents`, async () => {
  const arbitrary = fc.oneof(
    { weight: 50, arbitrary: mutated },
    { weight: 15, arbitrary: rawJson },
    { weight: 8, arbitrary: wrongContentType },
    { weight: 2, arbitrary: oversized },
    { weight: 10, arbitrary: refusedByRules },
    { weight: 15, arbitrary: badReads },
  );
  const cases = fc.sample(arbitrary, { numRuns: GENERATED, seed: SEED });
  const byStatus = new Map<number, number>();
  const results = await pool(
    IN_FLIGHT,
    cases.map((c) => async () => {
      const res = await sendCase(c).catch((e: unknown) => ({
        status: 0,
        headers: {},
        text: String(e),
        body: undefined,
      }));
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      return { c, res, faults: judge(c, res) };
    }),
  );
  const bad = results.filter((r) => r.faults.length > 0);
  for (const r of bad.slice(0, 20))
    allFaults.push(`${r.c.label} ${r.c.method} ${r.c.path} → ${r.faults.join('; ')}: ${r.res.text.slice(0, 200)}`);
  figures['generated'] = cases.length;
  figures['generatedFaults'] = bad.length;
  figures['accepted'] = byStatus.get(201) ?? 0;
  figures['fiveHundreds'] = [...byStatus].filter(([s]) => s >= 500 || s === 0).reduce((n, [, k]) => n + k, 0);
  for (const [status, n] of [...byStatus].sort((a, b) => a[0] - b[0])) figures[`status${status}`] = n;
  expect(allFaults).toEqual([]);
});

it('refuses the hand list: prototype keys, deep nesting, huge arrays, bad URLs, wrong methods', async () => {
  const command = `/api/programmes/${P}/commands`;
  const json = (label: string, body: string | Buffer, expectStatus: number[], path400?: string): Case => ({
    label,
    method: 'POST',
    path: command,
    body,
    contentType: 'application/json',
    token: 'coordinator',
    expect: expectStatus,
    ...(path400 !== undefined ? { path400 } : {}),
  });
  const risk = (extra: string) => `{"type":"RaiseRisk","data":{"title":"x","likelihood":1,"impact":1${extra}}}`;
  const hand: Case[] = [
    json('__proto__ in data', risk(',"__proto__":{"isAdmin":true}'), [400]),
    json('__proto__ at top', '{"__proto__":{"type":"RaiseRisk"},"type":"RaiseRisk","data":{}}', [400]),
    json('constructor.prototype', risk(',"constructor":{"prototype":{"isAdmin":true}}'), [400]),
    json('constructor key', risk(',"constructor":1'), [400], 'data'),
    json('prototype key', risk(',"prototype":1'), [400], 'data'),
    json('deep arrays 30k', `${'['.repeat(30_000)}${']'.repeat(30_000)}`, [400]),
    json('deep objects 5k', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, [400]),
    json('deep with __proto__', `{"__proto__":1,"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, [400]),
    json(
      '10k-element array',
      JSON.stringify({
        type: 'OpenMeeting',
        data: { title: 't', attendees: Array.from({ length: 10_000 }, () => 'a') },
      }),
      [400],
      'data.attendees',
    ),
    json(
      '51 successes',
      JSON.stringify({
        type: 'SubmitHighlightReport',
        data: {
          partnerId: 'acme',
          lead: 'L',
          summary: 's',
          successes: Array.from({ length: 51 }, () => 's'),
          challenges: [],
          upcoming: [],
        },
      }),
      [400],
      'data.successes',
    ),
    json(
      '60 KB title',
      JSON.stringify({ type: 'RaiseRisk', data: { title: 't'.repeat(60_000), likelihood: 1, impact: 1 } }),
      [400],
      'data.title',
    ),
    json(
      'NUL in slug',
      JSON.stringify({ type: 'AddPartner', data: { partnerId: 'a\u0000b', name: 'n', sector: 'nhs' } }),
      [400],
      'data.partnerId',
    ),
    json(
      'SQL in slug',
      JSON.stringify({ type: 'AddPartner', data: { partnerId: "x'; DROP TABLE events;--", name: 'n', sector: 'nhs' } }),
      [400],
      'data.partnerId',
    ),
    json(
      'HTML in slug',
      JSON.stringify({
        type: 'AddPartner',
        data: { partnerId: '<script>alert(1)</script>', name: 'n', sector: 'nhs' },
      }),
      [400],
      'data.partnerId',
    ),
    json(
      'negative money',
      JSON.stringify({ type: 'AllocateFunding', data: { source: 's', amountPence: -500, financialYear: '2024/25' } }),
      [400],
      'data.amountPence',
    ),
    json(
      'fractional money',
      JSON.stringify({ type: 'AllocateFunding', data: { source: 's', amountPence: 0.5, financialYear: '2024/25' } }),
      [400],
      'data.amountPence',
    ),
    json(
      'money as string',
      JSON.stringify({ type: 'AllocateFunding', data: { source: 's', amountPence: '500', financialYear: '2024/25' } }),
      [400],
      'data.amountPence',
    ),
    json(
      '30 February',
      JSON.stringify({ type: 'AddMilestone', data: { workstreamId: 'ws1', title: 't', dueOn: '2024-02-30' } }),
      [400],
      'data.dueOn',
    ),
    json(
      'recordedAt from client',
      JSON.stringify({ type: 'RaiseRisk', data: { title: 'x', likelihood: 1, impact: 1 }, recordedAt: '2020-01-01' }),
      [400],
      '',
    ),
    json(
      'actor from client',
      JSON.stringify({ type: 'RaiseRisk', data: { title: 'x', likelihood: 1, impact: 1 }, actor: 'root' }),
      [400],
      '',
    ),
    json(
      'duplicate keys, last invalid',
      '{"type":"RaiseRisk","data":{"title":"x","likelihood":1,"impact":1,"impact":9}}',
      [400],
      'data.impact',
    ),
    {
      label: 'UTF-16 body',
      method: 'POST',
      path: command,
      body: Buffer.from(risk(''), 'utf16le'),
      contentType: 'application/json',
      token: 'coordinator',
      expect: [400],
    },
    { label: 'no content type', method: 'POST', path: command, body: risk(''), token: 'coordinator', expect: [415] },
    {
      label: 'empty body, JSON type',
      method: 'POST',
      path: command,
      body: '',
      contentType: 'application/json',
      token: 'coordinator',
      expect: [400],
    },
    {
      label: 'idempotency key too long',
      method: 'POST',
      path: command,
      body: risk(''),
      contentType: 'application/json',
      token: 'coordinator',
      headers: { 'idempotency-key': 'k'.repeat(201) },
      expect: [400],
    },
    {
      label: 'PUT commands',
      method: 'PUT',
      path: command,
      body: risk(''),
      contentType: 'application/json',
      token: 'coordinator',
      expect: [404],
    },
    { label: 'DELETE programme', method: 'DELETE', path: `/api/programmes/${P}`, token: 'admin', expect: [404] },
    {
      label: 'PATCH state',
      method: 'PATCH',
      path: `/api/programmes/${P}/state`,
      body: '{}',
      contentType: 'application/json',
      token: 'admin',
      expect: [404],
    },
    {
      label: 'bad percent-encoding in path',
      method: 'GET',
      path: `/api/programmes/%E0%A4%A/state`,
      token: 'coordinator',
      expect: [400],
    },
    {
      label: 'bad percent-encoding in query',
      method: 'GET',
      path: `/api/programmes/${P}/state?asOf=%E0%A4%A`,
      token: 'coordinator',
      expect: [400],
    },
    {
      label: 'programme id too long',
      method: 'GET',
      path: `/api/programmes/${'a'.repeat(65)}/state`,
      token: 'coordinator',
      expect: [400],
    },
    {
      label: 'import into a full store',
      method: 'POST',
      path: '/api/import',
      body: '{"kind":"key"}\n',
      contentType: 'application/x-ndjson',
      token: 'admin',
      expect: [409],
    },
    {
      label: 'import as JSON',
      method: 'POST',
      path: '/api/import',
      body: '{}',
      contentType: 'application/json',
      token: 'admin',
      // An import is NDJSON, read as a stream: any other media type is refused as such.
      expect: [415],
    },
    {
      label: 'erase an unknown subject',
      method: 'DELETE',
      path: `/api/programmes/${P}/personal-data/champion:nope`,
      token: 'admin',
      expect: [404],
    },
    {
      label: 'erase a bad subject',
      method: 'DELETE',
      path: `/api/programmes/${P}/personal-data/${encodeURIComponent("' OR 1=1")}`,
      token: 'admin',
      expect: [404],
    },
    {
      label: 'erase with a huge subject',
      method: 'DELETE',
      path: `/api/programmes/${P}/personal-data/${'x'.repeat(300)}`,
      token: 'admin',
      expect: [400],
    },
    {
      label: 'live without an upgrade',
      method: 'GET',
      path: `/api/programmes/${P}/live`,
      token: 'coordinator',
      expect: [426],
    },
  ];
  const results = await pool(
    IN_FLIGHT,
    hand.map((c) => async () => ({ c, res: await sendCase(c) })),
  );
  const faults = results.flatMap(({ c, res }) =>
    judge(c, res).map((fault) => `${c.label}: ${fault}: ${res.text.slice(0, 200)}`),
  );
  figures['handList'] = hand.length;
  figures['handFaults'] = faults.length;
  allFaults.push(...faults);
  expect(faults).toEqual([]);
});

/** Opens a live socket for the programme; resolves once its backlog heartbeat has arrived. */
const openLive = (query = '') =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/programmes/${P}/live${query}`, {
      headers: { authorization: `Bearer ${tokens.coordinator.token}` },
    });
    socket.on('message', (m: Buffer) => {
      if (JSON.parse(m.toString()).kind === 'heartbeat') resolve(socket);
    });
    socket.on('error', reject);
    socket.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });

/** A raw socket that has done the websocket handshake, for writing frames no client library would. */
const rawLive = () =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write(
        [
          `GET /api/programmes/${P}/live HTTP/1.1`,
          'Host: 127.0.0.1',
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Authorization: Bearer ${tokens.coordinator.token}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        if (head.startsWith('HTTP/1.1 101')) resolve(socket);
        else reject(new Error(head.slice(0, 200)));
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });

/** A client frame: FIN + opcode, masked unless told not to, with RSV bits if asked. */
const frame = (opcode: number, payload: Buffer, { mask = true, fin = true, rsv = 0 } = {}) => {
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0, len]) : Buffer.from([0, 126, len >> 8, len & 0xff]);
  header[0] = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  if (!mask) return Buffer.concat([header, payload]);
  header[1] = header[1]! | 0x80;
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
};

it('survives malformed websocket handshakes and frames without stalling other subscribers', async () => {
  const watcher = await openLive();
  let watcherEvents = 0;
  watcher.on('message', (m: Buffer) => {
    if (JSON.parse(m.toString()).kind === 'event') watcherEvents++;
  });

  const handshakes: { query: string; path?: string; expect: number[] }[] = [
    { query: '?after=-1', expect: [400] },
    { query: '?after=abc', expect: [400] },
    { query: '?after=1.5', expect: [400] },
    { query: '?unknown=1', expect: [400] },
    { query: '?after=1&after=2', expect: [400] },
    { query: '', path: '/api/programmes/no-such/live', expect: [404] },
    { query: '', path: '/api/programmes/BAD%20ID/live', expect: [400] },
  ];
  let handshakeFaults = 0;
  for (const h of handshakes) {
    const res = await new Promise<Reply>((resolve, reject) => {
      const socket = new WebSocket(
        `${server.url.replace('http', 'ws')}${h.path ?? `/api/programmes/${P}/live`}${h.query}`,
        {
          headers: { authorization: `Bearer ${tokens.coordinator.token}` },
        },
      );
      socket.on('unexpected-response', (_req, r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, text, body: JSON.parse(text) }));
      });
      socket.on('open', () => reject(new Error(`${h.query} upgraded`)));
      socket.on('error', () => {});
    });
    const faults = judge({ label: 'ws', method: 'GET', path: '', expect: h.expect }, res);
    if (faults.length) allFaults.push(`handshake ${h.path ?? ''}${h.query}: ${faults.join('; ')}`);
    handshakeFaults += faults.length;
  }

  // Frames through the client library: garbage text, binary, and a frame over the 4 KiB limit.
  const closes: number[] = [];
  for (const payload of [
    'not json',
    '{"kind":"event"}',
    '\u0000\u0001',
    Buffer.from([0xff, 0xfe, 0x00]),
    'x'.repeat(5000),
  ]) {
    const s = await openLive();
    const closed = new Promise<number>((resolve) => s.on('close', (code) => resolve(code)));
    s.send(payload);
    s.ping();
    const outcome = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 300))]);
    closes.push(outcome);
    s.terminate();
  }
  expect(closes.at(-1), 'a frame over maxPayload closes with 1009').toBe(1009);

  // Frames no library would send: unmasked, reserved opcode, RSV bits, invalid UTF-8, fragmented control, a lying length.
  const rawFrames: Buffer[] = [
    frame(1, Buffer.from('hello'), { mask: false }),
    frame(3, Buffer.from('reserved opcode')),
    frame(1, Buffer.from('rsv'), { rsv: 7 }),
    frame(1, Buffer.from([0xc3, 0x28])),
    frame(9, Buffer.from('ping'), { fin: false }),
    frame(8, Buffer.from([0x03])),
    Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    Buffer.from('GET / HTTP/1.1\r\n\r\n'),
  ];
  let rawClosed = 0;
  for (const bytes of rawFrames) {
    const socket = await rawLive();
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      socket.on('error', () => {});
      setTimeout(() => resolve(false), 1000);
    });
    socket.write(bytes);
    if (await closed) rawClosed++;
    socket.destroy();
  }

  // The watcher still hears new events: send one valid command and wait for it.
  const ok = await client(() => server.url, tokens.coordinator.token).command(P, {
    type: 'RaiseRisk',
    data: { riskId: 'after-ws', title: 'After the frames', likelihood: 1, impact: 1 },
  });
  expect(ok.status).toBe(201);
  const deadline = Date.now() + 5000;
  while (watcherEvents < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(watcherEvents).toBe(1);
  watcher.close();
  // This one valid command is the only change; the snapshot below allows for it.
  before = { ...before, head: before.head + 1 };

  figures['wsHandshakes'] = handshakes.length;
  figures['wsHandshakeFaults'] = handshakeFaults;
  figures['wsLibraryFrames'] = closes.length;
  figures['wsRawFrames'] = rawFrames.length;
  figures['wsRawFramesClosed'] = rawClosed;
  expect(handshakeFaults).toBe(0);
  expect(rawClosed).toBe(rawFrames.length);
});

it('is still up, and nothing changed in the store but the one valid command', async () => {
  expect(server.child.exitCode).toBeNull();
  expect((await request(server.url, 'GET', '/healthz')).status).toBe(200);
  const after = await snapshot();
  expect(after.head).toBe(before.head);
  expect(after.verified).toMatchObject({ ok: true, checked: after.head });
  const exportedEvents = after.exported.split('\n').filter((l) => l.startsWith('{"position"'));
  const beforeEvents = before.exported.split('\n').filter((l) => l.startsWith('{"position"'));
  expect(exportedEvents.slice(0, beforeEvents.length)).toEqual(beforeEvents);
  expect(exportedEvents).toHaveLength(beforeEvents.length + 1);
  expect(JSON.parse(exportedEvents.at(-1)!).meta.correlationId).not.toMatch(/^setup-/);
  expect((after.view['risks'] as Json[]).map((r) => r.riskId).sort()).toEqual(['after-ws', 'r1']);
  // The websocket plugin logs each protocol violation it closed a socket for at error level;
  // those are the bad frames above, anything else at error level is a fault.
  const errors = server
    .output()
    .split('\n')
    .filter((l) => /"level":(50|60)/.test(l));
  const wsProtocol = errors.filter((l) => /"code":"WS_ERR_/.test(l));
  expect(errors.filter((l) => !wsProtocol.includes(l))).toEqual([]);
  figures['wsProtocolErrorsLogged'] = wsProtocol.length;
  const tried =
    (figures['generated'] ?? 0) +
    (figures['handList'] ?? 0) +
    (figures['wsHandshakes'] ?? 0) +
    (figures['wsLibraryFrames'] ?? 0) +
    (figures['wsRawFrames'] ?? 0);
  summary('hostile', {
    tried,
    ...figures,
    letIn: figures['accepted'] ?? 0,
    storeChanged: 0,
    crashed: 0,
    seed: SEED,
  });
});
