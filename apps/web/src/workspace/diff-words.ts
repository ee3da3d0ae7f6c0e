import type { Diff } from '@steerlog/contract';
import { maturityLabels, milestoneStatusLabels, ragLabels, sectorLabels } from '@steerlog/contract';
import type { MaturityLevel, Rag, Sector } from '@steerlog/domain';
import { formatDate, formatMoney } from '../format.js';
import type { Names } from './describe-event.js';

/** What a kind of thing is called. */
export const kindLabels: Record<string, string> = {
  programme: 'Programme',
  partner: 'Partner',
  workstream: 'Workstream',
  milestone: 'Milestone',
  allocation: 'Funding allocation',
  meeting: 'Meeting',
  decision: 'Decision',
  action: 'Action',
  risk: 'Risk',
  champion: 'Champion',
  maturity: 'Self-assessment',
  training: 'Training',
};

/** What a field is called, where its name is not already a word. */
const fieldLabels: Record<string, string> = {
  rag: 'RAG rating',
  name: 'Name',
  title: 'Title',
  ambition: 'Ambition',
  openMeetingId: 'Meeting in progress',
  sector: 'Sector',
  lead: 'Lead',
  lastReport: 'Latest highlight report',
  leadPartnerId: 'Lead partner',
  description: 'Description',
  dueOn: 'Due date',
  originalDueOn: 'First due date',
  status: 'Status',
  completedOn: 'Completed on',
  slipDays: 'Slip',
  rescheduleReason: 'Reason for the slip',
  amountPence: 'Amount',
  spentPence: 'Spent',
  allocatedPence: 'Allocated',
  purpose: 'Purpose',
  closedAt: 'Closed',
  attendees: 'Attendees',
  summary: 'Summary',
  rationale: 'Rationale',
  ownerPartnerId: 'Owner',
  likelihood: 'Likelihood',
  impact: 'Impact',
  score: 'Score',
  closedOn: 'Closed on',
  closedReason: 'Reason for closing',
  level: 'Level',
  sessions: 'Sessions',
  evidence: 'Evidence',
  assessedOn: 'Assessed on',
};

export const fieldLabel = (field: string): string =>
  fieldLabels[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A value of a diff in words: pounds for pence, dates as dates, names for ids, a rating with its reason. */
export const valueInWords = (field: string, value: unknown, names: Names): string => {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'number') {
    if (field.endsWith('Pence')) return formatMoney(value);
    if (field === 'slipDays')
      return value === 0 ? 'on time' : `${Math.abs(value)} days ${value > 0 ? 'late' : 'early'}`;
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    if (field === 'status' && value in milestoneStatusLabels)
      return milestoneStatusLabels[value as keyof typeof milestoneStatusLabels];
    if (field === 'sector' && value in sectorLabels) return sectorLabels[value as Sector];
    if (field === 'level' && value in maturityLabels) return maturityLabels[value as MaturityLevel];
    if (field.endsWith('PartnerId')) return names.partner(value);
    if (field === 'openMeetingId') return names.meeting(value);
    if (/^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) return formatDate(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (field === 'attendees') return value.map((v) => names.partner(String(v))).join(', ') || 'none';
    return value.length === 0 ? 'none' : value.map((v) => valueInWords('', v, names)).join('; ');
  }
  if (isRecord(value)) {
    if (typeof value['current'] === 'string' && value['current'] in ragLabels)
      return `${ragLabels[value['current'] as Rag]}${typeof value['reason'] === 'string' ? ` (${value['reason']})` : ''}`;
    if (typeof value['summary'] === 'string')
      return `${value['summary']}${typeof value['reportedOn'] === 'string' ? `, ${formatDate(value['reportedOn'])}` : ''}`;
    return Object.entries(value)
      .map(([k, v]) => `${fieldLabel(k)}: ${valueInWords(k, v, names)}`)
      .join(', ');
  }
  return typeof value === 'bigint' || typeof value === 'symbol' ? value.toString() : '';
};

/** The name of a thing in a diff: its own name or title, else the name the programme knows it by. */
export const thingName = (kind: string, id: string, item: unknown, names: Names): string => {
  if (isRecord(item))
    for (const key of ['name', 'title', 'summary'])
      if (typeof item[key] === 'string' && item[key] !== '') return item[key];
  if (kind === 'allocation' && isRecord(item) && typeof item['source'] === 'string')
    return `${item['source']}${typeof item['financialYear'] === 'string' ? `, ${item['financialYear']}` : ''}`;
  if (kind === 'maturity') {
    const [partner, domain] = id.split(':');
    return `${partner === 'programme' ? 'Programme' : names.partner(partner!)}: ${(domain ?? '').replaceAll('-', ' ')}`;
  }
  if (kind === 'training') return id.replace('level-', 'Level ');
  const lookup = (names as unknown as Partial<Record<string, (id: string) => string>>)[kind];
  return lookup ? lookup(id) : id;
};

/** One sentence per change: "RAG rating: AMBER (reason) → RED (reason)". Fields that only restate others are left out. */
export const changeLines = (diff: Diff, names: Names) =>
  diff.changed
    .filter((c) => c.field !== 'originalDueOn' || c.before !== c.after)
    .map((c) => ({
      key: `${c.kind}:${c.id}:${c.field}`,
      kind: kindLabels[c.kind] ?? c.kind,
      thing: thingName(c.kind, c.id, null, names),
      field: fieldLabel(c.field),
      before: valueInWords(c.field, c.before, names),
      after: valueInWords(c.field, c.after, names),
    }));
