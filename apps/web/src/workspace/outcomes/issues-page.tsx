import { issueAddresseeLabels, issueKindLabels, issueStatusLabels } from '@steerlog/contract';
import type { IssueAddressee, IssueKind, IssueStatus } from '@steerlog/domain';
import { IssueAddressee as Addressees, IssueKind as Kinds, IssueStatus as Statuses } from '@steerlog/domain';
import { useId, useState } from 'react';
import { formatDate } from '../../format.js';
import { Link } from '../../link.js';
import { TableScroll } from '../../table-scroll.js';
import type { Workspace } from '../workspace.js';
import { may } from '../workspace.js';

type Filter = { kind: IssueKind | ''; status: IssueStatus | ''; addressedTo: IssueAddressee | '' };

/** The register of barriers, enablers, support requests and questions, filtered by kind, status and addressee. */
export const IssuesPage = ({ ws }: { ws: Workspace }) => {
  const id = useId();
  const [filter, setFilter] = useState<Filter>({ kind: '', status: '', addressedTo: '' });
  const shown = ws.view.issues.filter(
    (i) =>
      (filter.kind === '' || i.kind === filter.kind) &&
      (filter.status === '' || i.status === filter.status) &&
      (filter.addressedTo === '' || i.addressedTo === filter.addressedTo),
  );
  const partner = (p: string | null) => (p ? (ws.view.partners.find((x) => x.partnerId === p)?.name ?? p) : '—');
  const select = <TKey extends keyof Filter>(
    key: TKey,
    label: string,
    any: string,
    labels: Record<string, string>,
    values: readonly string[],
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        value={filter[key]}
        onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value }))}
      >
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labels[v]}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="issues-page">
      <h2 className="page-title">Issues and asks</h2>
      <p className="meta">Barriers, enablers, support asked for and questions put to the group, with every answer.</p>
      {(may.record(ws.who.role) || may.report(ws.who.role)) && (
        <p>
          <Link href={ws.href('record', { command: 'RaiseIssue' })}>Raise an issue</Link>
          {may.record(ws.who.role) && (
            <>
              {' '}
              · <Link href={ws.href('record', { command: 'RespondToIssue' })}>Respond to an issue</Link>
            </>
          )}
        </p>
      )}
      <form className="filters" aria-label="Filter the register" onSubmit={(e) => e.preventDefault()}>
        {select('kind', 'Kind', 'Any kind', issueKindLabels, Kinds.options)}
        {select('status', 'Status', 'Any status', issueStatusLabels, Statuses.options)}
        {select('addressedTo', 'For', 'Anyone', issueAddresseeLabels, Addressees.options)}
      </form>
      <p role="status">
        {shown.length} of {ws.view.issues.length} issues
      </p>
      {shown.length > 0 && (
        <TableScroll label="Issues">
          <table className="data-table issues-table">
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Kind</th>
                <th scope="col">Issue</th>
                <th scope="col">By</th>
                <th scope="col">For</th>
                <th scope="col">Status</th>
                <th scope="col">Responses</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.issueId}>
                  <td>{formatDate(i.raisedOn)}</td>
                  <td>{issueKindLabels[i.kind]}</td>
                  <td>
                    {i.title}
                    {i.detail && <span className="meta"> {i.detail}</span>}
                  </td>
                  <td>{partner(i.raisedByPartnerId)}</td>
                  <td>{issueAddresseeLabels[i.addressedTo]}</td>
                  <td>{issueStatusLabels[i.status]}</td>
                  <td>
                    {i.responses.length === 0
                      ? 'None yet'
                      : i.responses.map((r, n) => (
                          <p key={n}>
                            {formatDate(r.on)}: {r.response} ({issueStatusLabels[r.status].toLowerCase()})
                          </p>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
};
