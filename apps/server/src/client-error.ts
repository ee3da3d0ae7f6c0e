import type { Socket } from 'node:net';

/** The status Node would answer a malformed request with, by the parser's error code. */
const statusOf = (code: string | undefined) =>
  code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;

const titles: Record<number, string> = {
  400: 'Bad request',
  408: 'Request timeout',
  431: 'Request header fields too large',
};

/**
 * Node's `clientError` (a request the HTTP parser cannot read: bad framing, a NUL in a header,
 * headers over the limit) answered as an RFC 9457 problem document like every other refusal,
 * then the connection closed, since the parser cannot find where the next request starts.
 */
export const problemOnClientError = (error: Error & { code?: string }, socket: Socket) => {
  // Nothing to answer on a connection the client has already dropped.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(error.code);
  const code = status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'malformed_request';
  const body = JSON.stringify({
    type: `/problems/${code}`,
    title: titles[status],
    status,
    code,
    detail:
      status === 431
        ? 'the request headers are larger than the server accepts'
        : status === 408
          ? 'the request took too long to arrive'
          : 'the request is not valid HTTP',
    ...(status === 400
      ? { errors: [{ path: '', message: `the HTTP parser stopped: ${error.code ?? 'malformed'}` }] }
      : {}),
  });
  socket.end(
    `HTTP/1.1 ${status} ${titles[status]}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
};
