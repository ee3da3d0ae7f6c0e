import { ProgrammeSummary } from '@steerlog/contract';
import { z } from 'zod';

/** An HTTP answer other than 2xx; `status` lets a page tell a bad token (401) from a missing programme. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ProgrammeList = z.array(ProgrammeSummary);

export const fetchProgrammes = async (token: string, signal?: AbortSignal): Promise<ProgrammeSummary[]> => {
  const response = await fetch('/api/programmes', { headers: { Authorization: `Bearer ${token}` }, signal });
  if (!response.ok) throw new ApiError(response.status, `GET /api/programmes answered ${response.status}`);
  return ProgrammeList.parse(await response.json());
};

/**
 * The live websocket for a programme. Browsers cannot set headers on a websocket, so the token
 * travels as `access_token`, as the contract allows.
 */
export const liveUrl = (
  at: Pick<Location, 'protocol' | 'host'>,
  programmeId: string,
  after: number,
  token: string,
): string => {
  const query = new URLSearchParams({ after: String(after), access_token: token });
  const scheme = at.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${at.host}/api/programmes/${encodeURIComponent(programmeId)}/live?${query.toString()}`;
};
