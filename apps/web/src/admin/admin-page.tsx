import type { CreatedToken, TokenSummary, UserList } from '@steerlog/contract';
import {
  CreatedToken as CreatedTokenSchema,
  TokenSummary as TokenSchema,
  UserList as UserListSchema,
} from '@steerlog/contract';
import type { Role } from '@steerlog/domain';
import { roles } from '@steerlog/domain';
import type { FormEvent } from 'react';
import { useCallback, useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { apiFetch, ApiError, getJson, readProblem } from '../api.js';
import { formatDateTime } from '../format.js';
import { Notice } from '../notice.js';
import { SessionBar } from '../session/session-bar.js';
import { roleNames } from '../session/roles.js';

const TokenList = z.array(TokenSchema);

type Rights = { role: Role; programmeId: string | null; partnerId: string | null };
const where = (g: Rights) =>
  `${g.programmeId ? `in ${g.programmeId}` : 'in every programme'}${g.partnerId ? `, for ${g.partnerId}` : ''}`;
const when = (at: string | null) => (at ? <time dateTime={at}>{formatDateTime(at)}</time> : 'never');

/** Sends a JSON write and answers the problem's detail on refusal. */
const send = async (token: string, method: string, path: string, body?: unknown) => {
  const response = await apiFetch(token, path, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(response.status, problem?.detail ?? `${method} ${path} answered ${response.status}`, problem);
  }
  return response.status === 204 ? null : ((await response.json()) as unknown);
};

/** Role, programme and partner fields, shared by the token and the grant forms. */
const RightsFields = ({ prefix }: { prefix: string }) => (
  <>
    <div className="field">
      <label htmlFor={`${prefix}-role`}>Role</label>
      <select id={`${prefix}-role`} name="role" defaultValue="viewer">
        {roles.map((r) => (
          <option key={r} value={r}>
            {roleNames[r]}
          </option>
        ))}
      </select>
    </div>
    <div className="field">
      <label htmlFor={`${prefix}-programme`}>Programme id</label>
      <p className="hint" id={`${prefix}-programme-hint`}>
        Leave empty for every programme (an administrator is always in every programme; a partner lead needs one).
      </p>
      <input id={`${prefix}-programme`} name="programmeId" aria-describedby={`${prefix}-programme-hint`} />
    </div>
    <div className="field">
      <label htmlFor={`${prefix}-partner`}>Partner id (partner leads only)</label>
      <input id={`${prefix}-partner`} name="partnerId" />
    </div>
  </>
);

const rightsOf = (form: FormData) => {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  return {
    role: text('role') as Role,
    ...(text('programmeId') ? { programmeId: text('programmeId') } : {}),
    ...(text('partnerId') ? { partnerId: text('partnerId') } : {}),
    text,
  };
};

/** The administrator's page: every token and person, with their rights and last use; create, grant, revoke. */
const AdminPage = ({ token, onSignOut }: { token: string; onSignOut: () => void }) => {
  const [tokens, setTokens] = useState<TokenSummary[] | null>(null);
  const [people, setPeople] = useState<UserList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const refresh = useCallback(() => {
    Promise.all([
      getJson(token, '/api/admin/tokens', TokenList),
      getJson(token, '/api/admin/users', UserListSchema),
    ]).then(([t, u]) => {
      setTokens(t);
      setPeople(u);
      setError(null);
    }, setError);
  }, [token]);
  useEffect(() => {
    document.title = 'Tokens and people · Steerlog';
    refresh();
  }, [refresh]);

  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return (
      <Notice title="Administrators only">
        This page lists and revokes tokens and grants. <a href="/">Back to the programmes</a>
      </Notice>
    );
  if (tokens === null || people === null)
    return (
      <Notice title="Loading…">
        {error === null ? 'Fetching tokens and people.' : 'The server cannot be reached.'}
      </Notice>
    );

  const act = (work: Promise<unknown>, done: string) =>
    work.then(
      () => {
        setMessage(done);
        refresh();
      },
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );

  const createToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { text, ...rights } = rightsOf(new FormData(event.currentTarget));
    void send(token, 'POST', '/api/admin/tokens', { ...rights, name: text('name') ?? '' }).then(
      (body) => {
        setCreated(CreatedTokenSchema.parse(body));
        setMessage(null);
        refresh();
      },
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );
  };
  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { text, ...rights } = rightsOf(new FormData(event.currentTarget));
    void act(send(token, 'POST', '/api/admin/grants', { ...rights, email: text('email') ?? '' }), 'Granted.');
  };

  return (
    <div className="list-page">
      <SessionBar token={token} onSignOut={onSignOut} />
      <header className="list-header">
        <h1>Tokens and people</h1>
      </header>
      <main>
        {message && (
          <p className="alert" role="status">
            {message}
          </p>
        )}
        <h2>Tokens</h2>
        <table className="programme-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Where</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.tokenId}>
                <th scope="row">{t.name}</th>
                <td>{roleNames[t.role]}</td>
                <td>{where(t)}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    <>Revoked {when(t.revokedAt)}</>
                  ) : (
                    <button
                      type="button"
                      onClick={() =>
                        void act(send(token, 'DELETE', `/api/admin/tokens/${t.tokenId}`), `Revoked ${t.name}.`)
                      }
                    >
                      Revoke<span className="sr-only"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>New token</h2>
        {created && (
          <div className="alert" role="status">
            <p>
              Token for <strong>{created.name}</strong> ({roleNames[created.role]} {where(created)}). It is shown only
              now: copy it.
            </p>
            <p>
              <code data-testid="created-token">{created.token}</code>
            </p>
          </div>
        )}
        <form onSubmit={createToken}>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name (recorded as the actor of its commands)</label>
            <input id={`${id}-name`} name="name" required />
          </div>
          <RightsFields prefix={`${id}-token`} />
          <button type="submit">Create token</button>
        </form>

        <h2>People</h2>
        <table className="programme-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Rights</th>
              <th scope="col">Last signed in</th>
            </tr>
          </thead>
          <tbody>
            {people.users.map((u) => (
              <tr key={u.userId}>
                <th scope="row">
                  {u.name} <span className="meta">{u.email}</span>
                </th>
                <td>
                  <ul>
                    {u.admin && <li>Administrator (STEERLOG_OIDC_ADMINS)</li>}
                    {u.grants.map((g) => (
                      <li key={g.grantId}>
                        {roleNames[g.role]} {where(g)}{' '}
                        <button
                          type="button"
                          onClick={() =>
                            void act(send(token, 'DELETE', `/api/admin/grants/${g.grantId}`), 'Grant withdrawn.')
                          }
                        >
                          Withdraw
                          <span className="sr-only">
                            {' '}
                            {roleNames[g.role]} {where(g)} from {u.email}
                          </span>
                        </button>
                      </li>
                    ))}
                    {!u.admin && u.grants.length === 0 && <li>No rights yet</li>}
                  </ul>
                </td>
                <td>{when(u.lastSeenAt)}</td>
              </tr>
            ))}
            {people.pendingGrants.map((g) => (
              <tr key={g.grantId}>
                <th scope="row">
                  {g.email} <span className="meta">(not signed in yet)</span>
                </th>
                <td>
                  {roleNames[g.role]} {where(g)}{' '}
                  <button
                    type="button"
                    onClick={() =>
                      void act(send(token, 'DELETE', `/api/admin/grants/${g.grantId}`), 'Grant withdrawn.')
                    }
                  >
                    Withdraw<span className="sr-only"> from {g.email}</span>
                  </button>
                </td>
                <td>never</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>Grant rights to an e-mail</h2>
        <form onSubmit={grant}>
          <div className="field">
            <label htmlFor={`${id}-email`}>E-mail (as the identity provider gives it)</label>
            <input id={`${id}-email`} name="email" type="email" required />
          </div>
          <RightsFields prefix={`${id}-grant`} />
          <button type="submit">Grant</button>
        </form>
      </main>
    </div>
  );
};
export default AdminPage;
