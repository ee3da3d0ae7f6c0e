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
    try {
      for (const w of [...this.watched]) {
        const { access } = w;
        if (access.kind === 'token') {
          if (!(await this.deps.tokens.active(access.tokenId)))
            this.end(w, LiveCloseCode.unauthorized, 'token revoked');
          continue;
        }
        if (!(await this.deps.sessions.active(access.sessionId))) {
          this.end(w, LiveCloseCode.unauthorized, 'session ended');
          continue;
        }
        const grants = await grantsOfUser(this.deps, access.email);
        if (!grantFor({ ...access, grants }, everyone, w.programmeId))
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
