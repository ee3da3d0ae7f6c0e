import type { ReactNode } from 'react';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatMoney } from '../../format.js';
import { RagBadge } from '../../rag.js';
import { maturityLevels, trainingLevels } from '../forms/specs.js';
import type { Workspace } from '../workspace.js';
import type { Series } from './series.js';
import { maturityOverTime, ragOfScore, ragOverTime, timeOf, timeTicks } from './series.js';
import { TableScroll } from '../../table-scroll.js';

// Colours pass 3:1 against the dark panel; shape and word carry the meaning as well.
const colours = {
  red: '#f05252',
  amber: '#f5a524',
  green: '#22c55e',
  axis: '#c3cce0',
  grid: '#2c3752',
  allocated: '#8ab4ff',
  spent: '#f5a524',
  line: '#9fd0ff',
};
/** A tooltip's label is the point's `date`. */
const labelDate = (d: unknown) =>
  typeof d === 'number' ? formatDate(new Date(d).toISOString()) : typeof d === 'string' ? formatDate(d) : '';

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Points placed by their date on a real time axis (`t`, ms), not spaced evenly as categories. */
const timed = (points: Series['points']) => points.map((p) => ({ ...p, t: timeOf(p.date) }));

/** A time axis over the points' dates: ticks on each new year (or quarter), labelled as people write them. */
const timeAxis = (points: Series['points']) => {
  const times = points.map((p) => timeOf(p.date));
  const min = Math.min(...times);
  const max = Math.max(...times, min + 86_400_000);
  const ticks = timeTicks(min, max);
  const yearly = ticks.every((t) => new Date(t).getUTCMonth() === 0);
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [min, max],
    ticks,
    tickFormatter: (t: number) => (yearly ? String(new Date(t).getUTCFullYear()) : monthYear.format(new Date(t))),
  };
};
const ragWords: Record<number, string> = { 1: 'RED', 2: 'AMBER', 3: 'GREEN' };
const tick = { fill: colours.axis, fontSize: 13 };
const tooltipStyle = { backgroundColor: '#141b2d', border: '1px solid #2c3752', color: '#f3f6fb' };

type DotProps = { cx?: number; cy?: number; value?: number | null; index?: number };

/** A rating's point drawn in its shape: a square for red, a triangle for amber, a circle for green. */
const RagDot = ({ cx, cy, value, index }: DotProps) => {
  if (cx === undefined || cy === undefined || value === null || value === undefined) return <g key={index} />;
  const rag = ragOfScore(value);
  if (rag === 'red') return <rect key={index} x={cx - 5} y={cy - 5} width={10} height={10} fill={colours.red} />;
  if (rag === 'amber')
    return (
      <polygon key={index} points={`${cx},${cy - 6} ${cx + 6},${cy + 5} ${cx - 6},${cy + 5}`} fill={colours.amber} />
    );
  return <circle key={index} cx={cx} cy={cy} r={5.5} fill={colours.green} />;
};

const Figure = ({
  id,
  title,
  summary,
  children,
  table,
}: {
  id: string;
  title: string;
  summary: string;
  children: ReactNode;
  table: ReactNode;
}) => (
  <figure className="chart" aria-labelledby={`${id}-title`}>
    <figcaption id={`${id}-title`}>
      <h3>{title}</h3>
      <p className="meta">{summary}</p>
    </figcaption>
    {children}
    <details>
      <summary>Show the figures as a table</summary>
      {table}
    </details>
  </figure>
);

/** One small step chart per thing: overlapping lines on three levels would hide each other. */
const RagSmallMultiples = ({ id, title, series }: { id: string; title: string; series: Series[] }) => {
  const dates = series[0]?.points.map((p) => p.date) ?? [];
  return (
    <Figure
      id={id}
      title={title}
      summary={
        dates.length === 0
          ? 'No rating recorded yet.'
          : `Each rating as it stood at the end of every day a rating changed, ${formatDate(dates[0]!)} to ${formatDate(dates.at(-1)!)}.`
      }
      table={
        <TableScroll label={title}>
          <table className="data-table compact-table">
            <thead>
              <tr>
                <th scope="col">Thing</th>
                {dates.map((d) => (
                  <th scope="col" key={d}>
                    {formatDate(d)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.label}</th>
                  {s.points.map((p) => (
                    <td key={p.date}>{p.value === null ? '—' : <RagBadge rag={ragOfScore(p.value)} size="small" />}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      }
    >
      <div className="multiples">
        {series.map((s) => (
          <div className="multiple" key={s.key}>
            <p className="multiple-title">
              {s.label}:{' '}
              <RagBadge rag={ragOfScore(s.points.findLast((p) => p.value !== null)?.value ?? 0)} size="small" />
            </p>
            <ResponsiveContainer width="100%" height={96}>
              <LineChart
                data={timed(s.points)}
                margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
                title={`${s.label}: RAG over time`}
              >
                <CartesianGrid stroke={colours.grid} vertical={false} />
                <XAxis {...timeAxis(s.points)} tick={tick} stroke={colours.axis} />
                <YAxis
                  domain={[1, 3]}
                  ticks={[1, 2, 3]}
                  tickFormatter={(v: number) => ragWords[v] ?? ''}
                  tick={tick}
                  width={64}
                  stroke={colours.axis}
                />
                <Tooltip
                  contentStyle={tooltipStyle}
                  formatter={(v) => ragWords[Number(v)] ?? 'not rated'}
                  labelFormatter={labelDate}
                />
                <Line
                  type="stepAfter"
                  dataKey="value"
                  name="RAG"
                  stroke={colours.line}
                  strokeWidth={2}
                  dot={RagDot}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        ))}
      </div>
    </Figure>
  );
};

const maturityWords: Record<number, string> = { 0: 'Not present', 1: 'Emerging', 2: 'Consistent' };

/**
 * Charts where people would rather look than read. Each series is derived in the browser by
 * folding the programme's events with the domain's own `fold` at the dates that matter; each
 * chart has its figures as a table beside it.
 */
const ChartsPage = ({ ws }: { ws: Workspace }) => {
  const rag = useMemo(() => ragOverTime(ws.events), [ws.events]);
  const maturity = useMemo(() => maturityOverTime(ws.events), [ws.events]);
  const funding = ws.view.funding.byFinancialYear;
  const training = ws.view.training.byLevel.map((t) => ({
    ...t,
    label:
      trainingLevels.find((l) => l.value === String(t.level))?.label.replace(/^Level \d: /, `L${t.level} `) ??
      `Level ${t.level}`,
  }));
  return (
    <div className="charts">
      <h2 className="page-title">Charts</h2>
      <RagSmallMultiples id="rag-partners" title="RAG over time: partners" series={rag.partners} />
      <RagSmallMultiples id="rag-workstreams" title="RAG over time: workstreams" series={rag.workstreams} />

      <Figure
        id="funding"
        title="Funding by financial year"
        summary={`Allocated ${formatMoney(ws.view.funding.allocatedPence)}, spent ${formatMoney(ws.view.funding.spentPence)}.`}
        table={
          <TableScroll label="Funding by financial year">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">Allocated</th>
                  <th scope="col">Spent</th>
                </tr>
              </thead>
              <tbody>
                {funding.map((y) => (
                  <tr key={y.financialYear}>
                    <th scope="row">{y.financialYear}</th>
                    <td>{formatMoney(y.allocatedPence)}</td>
                    <td>{formatMoney(y.spentPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        }
      >
        {funding.length === 0 ? (
          <p className="empty">No funding allocated yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart
              data={funding.map((y) => ({ ...y, allocated: y.allocatedPence / 100, spent: y.spentPence / 100 }))}
              margin={{ top: 24, right: 16, bottom: 0, left: 16 }}
              title="Funding by financial year"
            >
              <CartesianGrid stroke={colours.grid} vertical={false} />
              <XAxis dataKey="financialYear" tick={tick} stroke={colours.axis} />
              <YAxis tick={tick} stroke={colours.axis} tickFormatter={(v: number) => formatMoney(v * 100)} width={96} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatMoney(Number(v) * 100)} />
              <Legend />
              <Bar dataKey="allocated" name="Allocated" fill={colours.allocated} isAnimationActive={false}>
                <LabelList
                  dataKey="allocated"
                  position="top"
                  fill={colours.axis}
                  fontSize={12}
                  formatter={(v: unknown) => formatMoney(Number(v) * 100)}
                />
              </Bar>
              <Bar dataKey="spent" name="Spent" fill={colours.spent} isAnimationActive={false}>
                <LabelList
                  dataKey="spent"
                  position="top"
                  fill={colours.axis}
                  fontSize={12}
                  formatter={(v: unknown) => formatMoney(Number(v) * 100)}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </Figure>

      <Figure
        id="training"
        title="Training attendance by level"
        summary={`${training.reduce((n, t) => n + t.attendees, 0)} attendees in ${training.reduce((n, t) => n + t.sessions, 0)} sessions.`}
        table={
          <TableScroll label="Training attendance by level">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Level</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Attendees</th>
                </tr>
              </thead>
              <tbody>
                {training.map((t) => (
                  <tr key={t.level}>
                    <th scope="row">{t.label}</th>
                    <td>{t.sessions}</td>
                    <td>{t.attendees}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        }
      >
        {training.length === 0 ? (
          <p className="empty">No training recorded yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height={240}>
            <BarChart
              data={training}
              layout="vertical"
              margin={{ top: 8, right: 48, bottom: 0, left: 16 }}
              title="Training attendance by level"
            >
              <CartesianGrid stroke={colours.grid} horizontal={false} />
              <XAxis type="number" tick={tick} stroke={colours.axis} allowDecimals={false} />
              <YAxis type="category" dataKey="label" tick={tick} stroke={colours.axis} width={150} />
              <Tooltip contentStyle={tooltipStyle} />
              <Bar dataKey="attendees" name="Attendees" fill={colours.allocated} isAnimationActive={false}>
                <LabelList dataKey="attendees" position="right" fill={colours.axis} fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </Figure>

      <Figure
        id="maturity"
        title="Self-assessed maturity per domain over time"
        summary="Mean level over the organisations that had assessed each domain: 0 not present, 1 emerging, 2 consistently present."
        table={
          <TableScroll label="Self-assessed maturity per domain over time">
            <table className="data-table compact-table">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  {(maturity[0]?.points ?? []).map((p) => (
                    <th scope="col" key={p.date}>
                      {formatDate(p.date)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {maturity.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">{s.label}</th>
                    {s.points.map((p) => (
                      <td key={p.date}>{p.value === null ? '—' : p.value}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        }
      >
        {maturity.length === 0 ? (
          <p className="empty">No self-assessment recorded yet.</p>
        ) : (
          <div className="multiples">
            {maturity.map((s) => (
              <div className="multiple" key={s.key}>
                <p className="multiple-title">
                  {s.label}: {maturityLevels[Math.round(s.points.findLast((p) => p.value !== null)?.value ?? 0)]?.label}
                </p>
                <ResponsiveContainer width="100%" height={96}>
                  <LineChart
                    data={timed(s.points)}
                    margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
                    title={`${s.label}: maturity over time`}
                  >
                    <CartesianGrid stroke={colours.grid} vertical={false} />
                    <XAxis {...timeAxis(s.points)} tick={tick} stroke={colours.axis} />
                    <YAxis
                      domain={[0, 2]}
                      ticks={[0, 1, 2]}
                      tickFormatter={(v: number) => maturityWords[v] ?? ''}
                      tick={tick}
                      width={84}
                      stroke={colours.axis}
                    />
                    <Tooltip contentStyle={tooltipStyle} labelFormatter={labelDate} />
                    <Line
                      type="monotone"
                      dataKey="value"
                      name="Mean level"
                      stroke={colours.line}
                      strokeWidth={2}
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            ))}
          </div>
        )}
      </Figure>
    </div>
  );
};
export default ChartsPage;
