import type { ProgrammeView } from '@steerlog/domain';
import { formatMoney } from '../format.js';

type Funding = ProgrammeView['funding'];

const WIDTH = 460;
const LABEL_WIDTH = 84;
const VALUE_WIDTH = 112;
const BAR_HEIGHT = 17;
const ROW_HEIGHT = 2 * BAR_HEIGHT + 10;

const describe = (funding: Funding) =>
  funding.byFinancialYear
    .map((y) => `${y.financialYear}: ${formatMoney(y.allocatedPence)} allocated, ${formatMoney(y.spentPence)} spent`)
    .join('; ');

/** Allocated and spent per financial year as paired horizontal bars, each labelled with its amount. */
export const FundingChart = ({ funding }: { funding: Funding }) => {
  const years = funding.byFinancialYear;
  const largest = Math.max(1, ...years.flatMap((y) => [y.allocatedPence, y.spentPence]));
  const barLength = (pence: number) => ((WIDTH - LABEL_WIDTH - VALUE_WIDTH) * pence) / largest;
  const height = years.length * ROW_HEIGHT;
  return (
    <section className="panel funding" aria-labelledby="funding-heading">
      <h2 id="funding-heading">Funding</h2>
      <p className="funding-totals">
        <span>
          <span className="key key-allocated" aria-hidden="true" />
          Allocated {formatMoney(funding.allocatedPence)}
        </span>
        <span>
          <span className="key key-spent" aria-hidden="true" />
          Spent {formatMoney(funding.spentPence)}
        </span>
      </p>
      {years.length === 0 ? (
        <p className="empty">No funding allocated yet.</p>
      ) : (
        <svg
          className="funding-chart"
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={`Funding by financial year. ${describe(funding)}.`}
        >
          {years.map((y, i) => {
            const top = i * ROW_HEIGHT;
            return (
              <g key={y.financialYear}>
                <text className="chart-label" x={0} y={top + BAR_HEIGHT + 6}>
                  {y.financialYear}
                </text>
                <rect
                  className="bar-allocated"
                  x={LABEL_WIDTH}
                  y={top}
                  width={barLength(y.allocatedPence)}
                  height={BAR_HEIGHT}
                />
                <text
                  className="chart-value"
                  x={LABEL_WIDTH + barLength(y.allocatedPence) + 6}
                  y={top + BAR_HEIGHT - 3}
                >
                  {formatMoney(y.allocatedPence)}
                </text>
                <rect
                  className="bar-spent"
                  x={LABEL_WIDTH}
                  y={top + BAR_HEIGHT + 2}
                  width={barLength(y.spentPence)}
                  height={BAR_HEIGHT}
                />
                <text className="chart-value" x={LABEL_WIDTH + barLength(y.spentPence) + 6} y={top + 2 * BAR_HEIGHT}>
                  {formatMoney(y.spentPence)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </section>
  );
};
