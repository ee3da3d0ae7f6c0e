import { LiveCloseCode } from '@steerlog/contract';
import type { WebSocket } from 'ws';
import type { Access, AuthDeps } from './auth.js';
import { everyone, grantFor, grantsOfUser } from './auth.js';

type Watched = { socket: WebSocket; access: Access; programmeId: string };

/**
 * Keeps open websockets to the rights they were opened with. Revoking a token or ending a
 * session here closes its sockets at once (4401); every `intervalMs` each socket's credential is
 * checked again, which catches what another process did (the CLI revoking a token, a grant
 * withdrawn: 4403) and sessions that expired.
 */
export class LiveGuard {
  private readonly watched = new Set<Watched>();
  private readonly timer: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly deps: Pick<AuthDeps, 'tokens' | 'sessions' | 'grants' | 'adminEmails'>,
    intervalMs = 15_000,
  ) {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  watch(socket: WebSocket, access: Access, programmeId: string) {
    const w = { socket, access, programmeId };
    this.watched.add(w);
    socket.once('close', () => this.watched.delete(w));
  }

  closeToken(tokenId: string) {
    for (const w of this.watched)
      if (w.access.kind === 'token' && w.access.tokenId === tokenId)
        this.end(w, LiveCloseCode.unauthorized, 'token revoked');
  }

  closeSession(sessionId: string) {
    for (const w of this.watched)
      if (w.access.kind === 'session' && w.access.sessionId === sessionId)
        this.end(w, LiveCloseCode.unauthorized, 'signed out');
  }

  private end(w: Watched, code: number, reason: string) {
    this.watched.delete(w);
    w.socket.close(code, reason);
  }

  /** Checks every watched socket's credential again; exposed so tests need not wait for the timer. */
  async sweep() {
    if (this.sweeping) return;
    this.sweeping = true;
    // One question per credential, however many sockets it holds open (a room of displays).
    const answers = new Map<string, Promise<{ code: number; reason: string } | null>>();
    const verdict = (access: Access): Promise<{ code: number; reason: string } | null> => {
      if (access.kind === 'token')
        return this.deps.tokens
          .active(access.tokenId)
          .then((ok) => (ok ? null : { code: LiveCloseCode.unauthorized, reason: 'token revoked' }));
      return this.deps.sessions.active(access.sessionId).then(async (ok) => {
        if (!ok) return { code: LiveCloseCode.unauthorized, reason: 'session ended' };
        return { code: 0, reason: JSON.stringify(await grantsOfUser(this.deps, access.email)) };
      });
    };
    try {
      for (const w of [...this.watched]) {
        const key = w.access.kind === 'token' ? `t:${w.access.tokenId}` : `s:${w.access.sessionId}`;
        let answer = answers.get(key);
        if (!answer) answers.set(key, (answer = verdict(w.access)));
        const result = await answer;
        if (result === null) continue;
        if (result.code !== 0) {
          this.end(w, result.code, result.reason);
          continue;
        }
        // A session still in force: do its grants (read just now) still reach this programme?
        const grants = JSON.parse(result.reason) as Access['grants'];
        if (!grantFor({ ...w.access, grants }, everyone, w.programmeId))
          this.end(w, LiveCloseCode.forbidden, 'no rights in this programme any more');
      }
    } finally {
      this.sweeping = false;
    }
  }

  close() {
    clearInterval(this.timer);
    this.watched.clear();
  }
}
