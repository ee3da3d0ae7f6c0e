import { formatMeasure } from '@steerlog/contract';
import type { IndicatorView } from '@steerlog/domain';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '../../format.js';
import { timeOf, timeTicks } from '../charts/series.js';

const colours = { axis: '#c3cce0', grid: '#2c3752', measured: '#9fd0ff', line: '#f5a524' };
const tick = { fill: colours.axis, fontSize: 13 };
const tooltipStyle = { backgroundColor: '#141b2d', border: '1px solid #2c3752', color: '#f3f6fb' };
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * One indicator on a real time axis: its measurements, and the straight line from the baseline
 * to the target that "on track" is judged against (dashed), so a reader sees the gap at a glance.
 */
const IndicatorChart = ({ indicator: i }: { indicator: IndicatorView }) => {
  const measured = i.measurements.map((m) => ({ t: timeOf(m.on), value: m.value }));
  const first = i.measurements[0];
  const start = i.baseline ?? (first ? { value: first.value, on: first.on } : null);
  const line =
    start && i.target
      ? [
          { t: timeOf(start.on), plan: start.value },
          { t: timeOf(i.target.by), plan: i.target.value },
        ]
      : [];
  const times = [...measured.map((p) => p.t), ...line.map((p) => p.t)];
  if (times.length === 0) return <p className="meta">Nothing to chart yet: no baseline, target or measurement.</p>;
  const min = Math.min(...times);
  const max = Math.max(...times, min + 86_400_000);
  const ticks = timeTicks(min, max);
  const yearly = ticks.every((t) => new Date(t).getUTCMonth() === 0);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }} title={`${i.name} over time`}>
        <CartesianGrid stroke={colours.grid} vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[min, max]}
          ticks={ticks}
          tickFormatter={(t: number) => (yearly ? String(new Date(t).getUTCFullYear()) : monthYear.format(new Date(t)))}
          tick={tick}
          stroke={colours.axis}
        />
        <YAxis tick={tick} stroke={colours.axis} width={72} tickFormatter={(v: number) => formatMeasure(v, i.unit)} />
        <Tooltip
          contentStyle={tooltipStyle}
          labelFormatter={(t) => (typeof t === 'number' ? formatDate(new Date(t).toISOString()) : '')}
          formatter={(v) => formatMeasure(Number(v), i.unit)}
        />
        <Legend />
        {line.length > 0 && (
          <Line
            data={line}
            dataKey="plan"
            name="Baseline to target"
            stroke={colours.line}
            strokeDasharray="6 4"
            isAnimationActive={false}
          />
        )}
        <Line
          data={measured}
          dataKey="value"
          name="Measured"
          stroke={colours.measured}
          strokeWidth={2}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
};
export default IndicatorChart;
