import type { ProgrammeView } from '@steerlog/domain';
import { formatMoney } from '../format.js';
import { IllustrativeTag } from '../illustrative-tag.js';

type Funding = ProgrammeView['funding'];

/** Bar lengths go through the CSSOM (`style` props), which the server's CSP allows, unlike inline style text. */
const width = (pence: number, largest: number) => ({ width: `${(100 * pence) / largest}%` });

/**
 * Allocated and spent per financial year as paired bars, each labelled with its amount in words a
 * screen reader reads too; HTML rather than SVG so its text scales with the screen like the rest.
 */
export const FundingChart = ({ funding }: { funding: Funding }) => {
  const years = funding.byFinancialYear;
  const largest = Math.max(1, ...years.flatMap((y) => [y.allocatedPence, y.spentPence]));
  return (
    <section className="panel funding" aria-labelledby="funding-heading">
      <h2 id="funding-heading">
        Funding
        <IllustrativeTag of={[funding]} />
      </h2>
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
        <dl className="funding-years">
          {years.map((y) => (
            <div key={y.financialYear} className="funding-year">
              <dt>
                {y.financialYear}
                <IllustrativeTag of={[y]} />
              </dt>
              <dd>
                <span className="funding-bar">
                  <span className="bar bar-allocated" style={width(y.allocatedPence, largest)} aria-hidden="true" />
                  <span className="bar-value">
                    <span className="sr-only">allocated </span>
                    {formatMoney(y.allocatedPence)}
                  </span>
                </span>
                <span className="funding-bar">
                  <span className="bar bar-spent" style={width(y.spentPence, largest)} aria-hidden="true" />
                  <span className="bar-value">
                    <span className="sr-only">spent </span>
                    {formatMoney(y.spentPence)}
                  </span>
                </span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
};
