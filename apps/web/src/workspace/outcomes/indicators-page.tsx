import { formatMeasure, indicatorStatusText, indicatorUnitLabels } from '@steerlog/contract';
import { lazy, Suspense } from 'react';
import { formatDate } from '../../format.js';
import { Link } from '../../link.js';
import { EvidenceList } from '../evidence-list.js';
import type { Workspace } from '../workspace.js';
import { may } from '../workspace.js';
import './outcomes.css';

// Recharts loads only when an indicator is shown, as on the charts page.
const IndicatorChart = lazy(() => import('./indicator-chart.js'));

/** Each outcome indicator: where it stands against its target, as of now, with its chart and figures. */
export const IndicatorsPage = ({ ws }: { ws: Workspace }) => {
  const { indicators } = ws.view;
  const partner = (id: string | null) => ws.view.partners.find((p) => p.partnerId === id)?.name;
  return (
    <div className="indicators-page">
      <h2 className="page-title">Outcome indicators</h2>
      <p className="meta">
        On track means the latest measurement is at or past the straight line from the baseline to the target, on the
        day it was measured.
      </p>
      {may.record(ws.who.role) && (
        <p>
          <Link href={ws.href('record', { command: 'DefineIndicator' })}>Define an indicator</Link> ·{' '}
          <Link href={ws.href('record', { command: 'RecordMeasurement' })}>Record a measurement</Link>
        </p>
      )}
      {indicators.length === 0 && <p className="empty">No indicator defined yet.</p>}
      {indicators.map((i) => (
        <section key={i.indicatorId} className="indicator" aria-labelledby={`indicator-${i.indicatorId}`}>
          <h3 id={`indicator-${i.indicatorId}`}>
            {i.name} <span className={`indicator-status status-${i.status}`}>{indicatorStatusText(i)}</span>
          </h3>
          <p className="meta">
            {indicatorUnitLabels[i.unit]}, {i.direction === 'increase' ? 'higher is better' : 'lower is better'}
            {i.baseline && `. Baseline ${formatMeasure(i.baseline.value, i.unit)} on ${formatDate(i.baseline.on)}`}
            {i.target && `. Target ${formatMeasure(i.target.value, i.unit)} by ${formatDate(i.target.by)}`}
            {i.latest && `. Latest ${formatMeasure(i.latest.value, i.unit)} on ${formatDate(i.latest.on)}`}
            {i.expected !== null && ` (the line stood at ${formatMeasure(Math.round(i.expected * 10) / 10, i.unit)})`}
            {partner(i.ownerPartnerId) && `. Reported by ${partner(i.ownerPartnerId)}`}.
          </p>
          <Suspense fallback={<p>Loading the chart…</p>}>
            <IndicatorChart indicator={i} />
          </Suspense>
          {i.measurements.length > 0 && (
            <details>
              <summary>Show the measurements as a table</summary>
              <table className="data-table compact-table">
                <thead>
                  <tr>
                    <th scope="col">Measured on</th>
                    <th scope="col">Value</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {i.measurements.map((m, n) => (
                    <tr key={n}>
                      <td>{formatDate(m.on)}</td>
                      <td>{formatMeasure(m.value, i.unit)}</td>
                      <td>
                        {m.note}
                        <EvidenceList ws={ws} ids={m.evidenceIds} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          <EvidenceList ws={ws} about={`indicator:${i.indicatorId}`} />
        </section>
      ))}
    </div>
  );
};
