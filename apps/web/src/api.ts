import type { Problem } from '@steerlog/contract';
import { Problem as ProblemSchema, ProgrammeSummary, SessionInfo, Whoami as WhoamiSchema } from '@steerlog/contract';
import type { Role } from '@steerlog/domain';
import { z } from 'zod';
import { authHeaders, isSession } from './auth.js';

/** An HTTP answer other than 2xx; `status` lets a page tell a bad token (401) from a missing programme. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

/** The problem document of a refusal, when the body is one (RFC 9457 with the contract's `code`). */
export const readProblem = async (response: Response): Promise<Problem | null> => {
  try {
    const parsed = ProblemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** `fetch` with the credential; every download goes through here too, so the token never sits in a URL. */
export const apiFetch = (token: string, path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(path, { ...init, headers: { ...init.headers, ...authHeaders(token) } });

/** GET a JSON document and read it with `schema`; a refusal becomes an `ApiError` carrying the problem. */
export const getJson = async <TSchema extends z.ZodType>(
  token: string,
  path: string,
  schema: TSchema,
  signal?: AbortSignal,
): Promise<z.output<TSchema>> => {
  const response = await apiFetch(token, path, signal ? { signal } : {});
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(response.status, problem?.detail ?? `GET ${path} answered ${response.status}`, problem);
  }
  return schema.parse(await response.json());
};

const Uploaded = z.object({ evidenceId: z.string() });

/**
 * Uploads an evidence file as the raw body (`POST .../evidence?fileName=&about=`). XMLHttpRequest,
 * not fetch: only it reports how much of a large file has gone.
 */
export const uploadEvidence = (
  token: string,
  programmeId: string,
  file: File,
  about: string,
  onProgress: (fraction: number) => void,
): Promise<{ evidenceId: string }> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ fileName: file.name.slice(0, 200), about });
    xhr.open('POST', `/api/programmes/${encodeURIComponent(programmeId)}/evidence?${query}`);
    for (const [name, value] of Object.entries(authHeaders(token))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new Error('the server could not be reached'));
    xhr.onload = () => {
      const body = ((): unknown => {
        try {
          return JSON.parse(xhr.responseText);
        } catch {
          return null;
        }
      })();
      if (xhr.status === 201) {
        const parsed = Uploaded.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new Error('the server’s answer could not be read'));
        return;
      }
      const problem = ProblemSchema.safeParse(body);
      reject(
        new ApiError(
          xhr.status,
          (problem.success ? problem.data.detail : undefined) ?? `the server answered ${xhr.status}`,
        ),
      );
    };
    xhr.send(file);
  });

const ProgrammeList = z.array(ProgrammeSummary);

export const fetchProgrammes = (token: string, signal?: AbortSignal): Promise<ProgrammeSummary[]> =>
  getJson(token, '/api/programmes', ProgrammeList, signal);

/** Who is signed in, with a role where they have one (a principal without rights gets a 403 instead). */
export type Whoami = Omit<z.infer<typeof WhoamiSchema>, 'role'> & { role: Role };

/** Who the credential is, and its role in `programmeId` (or its strongest anywhere). */
export const fetchWhoami = async (token: string, programmeId?: string, signal?: AbortSignal): Promise<Whoami> => {
  const path = programmeId ? `/api/whoami?programmeId=${encodeURIComponent(programmeId)}` : '/api/whoami';
  const who = await getJson(token, path, WhoamiSchema, signal);
  const { role } = who;
  if (role === null)
    throw new ApiError(403, programmeId ? `no rights in ${programmeId}` : 'no rights in any programme yet');
  return { ...who, role };
};

/** Whether sign-in through the identity provider is on, and the session of this browser's cookie. */
export const fetchSession = async (): Promise<SessionInfo> => {
  const response = await fetch('/auth/session');
  if (!response.ok) throw new ApiError(response.status, `GET /auth/session answered ${response.status}`);
  return SessionInfo.parse(await response.json());
};

/** The file name a response suggests in Content-Disposition, else `fallback`. */
export const fileNameOf = (response: Response, fallback: string): string =>
  /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;

/**
 * Downloads an authenticated resource: a plain link cannot carry the bearer header, so fetch it,
 * wrap it in a Blob and click a temporary object URL.
 */
export const downloadFile = async (token: string, path: string, fallbackName: string): Promise<string> => {
  const response = await apiFetch(token, path);
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(response.status, problem?.detail ?? `the server answered ${response.status}`, problem);
  }
  const name = fileNameOf(response, fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
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
  // A signed-in person's cookie goes with the upgrade by itself.
  const query = new URLSearchParams({ after: String(after), ...(isSession(token) ? {} : { access_token: token }) });
  const scheme = at.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${at.host}/api/programmes/${encodeURIComponent(programmeId)}/live?${query.toString()}`;
};
