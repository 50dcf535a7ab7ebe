import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// What /api/messages accepts before anything else looks at a request: JSON only, of a size a real
// Teams activity has, read within a deadline, shaped like an activity. Everything else is a 4xx
// with one sentence; nothing is parsed into temporary files. What it accepts goes to the adapter's
// `process` as the request's parsed body.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface EdgeLimits {
  /** Largest body accepted, in bytes. */
  maxBodyBytes: number;
  /** Time allowed for a request's headers, and for its body. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

/** Reads the body as JSON: 415 for another content type, 413 above the limit, 408 when too slow, 400 when not JSON. */
export function readJsonBody(req: IncomingMessage, limits: EdgeLimits): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json') return Promise.reject(new HttpError(415, 'Only application/json is accepted.'));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes)
    return Promise.reject(new HttpError(413, `The body is larger than ${limits.maxBodyBytes} bytes.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => fail(new HttpError(408, 'The body did not arrive in time.')),
      limits.requestTimeoutMs,
    );
    const fail = (error: HttpError) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume(); // drain, do not keep it
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) fail(new HttpError(413, `The body is larger than ${limits.maxBodyBytes} bytes.`));
      else chunks.push(chunk);
    });
    req.on('error', () => fail(new HttpError(400, 'The body could not be read.')));
    req.on('end', () => {
      clearTimeout(timer);
      if (size > limits.maxBodyBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'The body is not valid JSON.'));
      }
    });
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_NAME = 512;
const MAX_ID = 1024;

/**
 * An activity shaped as the Bot Framework sends it, or a 400 naming the first thing wrong. Only
 * what the bot reads is checked: types of the fields it uses, lengths of what it may store, and a
 * `serviceUrl` that is an http(s) address (the bot posts its replies there).
 */
export function checkActivity(body: unknown): Record<string, unknown> {
  const bad = (what: string): never => {
    throw new HttpError(400, `Not an activity: ${what}.`);
  };
  if (!isRecord(body)) return bad('the body is not an object');
  const text = (field: string, value: unknown, max: number, required = false) => {
    if (value === undefined || value === null) return required ? bad(`${field} is missing`) : undefined;
    if (typeof value !== 'string') return bad(`${field} is not a string`);
    if (required && value.length === 0) return bad(`${field} is empty`);
    if (value.length > max) return bad(`${field} is longer than ${max} characters`);
    return value;
  };
  text('type', body.type, 64, true);
  text('channelId', body.channelId, 64, true);
  text('id', body.id, MAX_ID);
  text('locale', body.locale, 64);
  text('text', body.text, 100_000);
  text('name', body.name, 256);
  const serviceUrl = text('serviceUrl', body.serviceUrl, 2048, true)!;
  let url: URL | undefined;
  try {
    url = new URL(serviceUrl);
  } catch {
    bad('serviceUrl is not a URL');
  }
  if (url!.protocol !== 'https:' && url!.protocol !== 'http:') bad('serviceUrl is not an http(s) address');
  for (const field of ['from', 'recipient', 'conversation'] as const) {
    const party = body[field];
    if (!isRecord(party)) bad(`${field} is not an object`);
    const p = party as Record<string, unknown>;
    text(`${field}.id`, p.id, MAX_ID, true);
    text(`${field}.name`, p.name, MAX_NAME);
    text(`${field}.aadObjectId`, p.aadObjectId, 64);
    text(`${field}.tenantId`, p.tenantId, 64);
    text(`${field}.conversationType`, p.conversationType, 64);
    if (p.isGroup !== undefined && typeof p.isGroup !== 'boolean') bad(`${field}.isGroup is not a boolean`);
  }
  if (body.channelData !== undefined && body.channelData !== null) {
    if (!isRecord(body.channelData)) bad('channelData is not an object');
    const tenant = (body.channelData as Record<string, unknown>).tenant;
    if (tenant !== undefined && (!isRecord(tenant) || (tenant.id !== undefined && typeof tenant.id !== 'string')))
      bad('channelData.tenant is not a tenant');
  }
  if (body.entities !== undefined && body.entities !== null && !Array.isArray(body.entities))
    bad('entities is not a list');
  if (Array.isArray(body.entities) && body.entities.some((e) => !isRecord(e))) bad('an entity is not an object');
  if (
    body.membersAdded !== undefined &&
    (!Array.isArray(body.membersAdded) || body.membersAdded.some((m) => !isRecord(m) || typeof m.id !== 'string'))
  )
    bad('membersAdded is not a list of members');
  return body;
}

/**
 * Closes connections that are too slow to send their headers (a client trickling one byte at a
 * time), and idle kept-alive ones. Node checks its own request timeouts only every 30 s.
 */
export function guardConnections(server: Server, limits: EdgeLimits): { closeIdle(): void } {
  server.headersTimeout = limits.requestTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs * 2;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  const waiting = new Map<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket) => {
    clearTimeout(waiting.get(socket));
    waiting.set(socket, setTimeout(() => socket.destroy(), limits.requestTimeoutMs).unref());
  };
  server.on('connection', (socket: Socket) => {
    arm(socket);
    socket.on('close', () => {
      clearTimeout(waiting.get(socket));
      waiting.delete(socket);
    });
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    clearTimeout(waiting.get(req.socket));
    // The next request on a kept-alive connection must also arrive in time.
    res.on('finish', () => {
      if (!req.socket.destroyed) arm(req.socket);
    });
  });
  return { closeIdle: () => server.closeIdleConnections() };
}
