import { type AccessToken, ClientSecretCredential } from '@azure/identity';
import { Client, type GraphRequest, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { type GraphOperation, toPartnerCenterError } from './graphErrors.js';

// One connection to Microsoft Graph as the partner's own Entra app (client credentials): the token,
// the client with its retries, errors turned into the domain's codes by operation, and paging.
// Throttling (429) and short outages (503, 504) are retried by the Graph client as Retry-After says.

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. https://graph.microsoft.com/v1.0 (US Government: https://graph.microsoft.us/v1.0). */
  baseUrl: string;
  /** e.g. https://login.microsoftonline.com (US Government: https://login.microsoftonline.us). */
  authorityHost: string;
  /** How long a user's Partner Center role is remembered. */
  roleCacheMs?: number;
  /** The Graph client's own retries on 429/503/504 (each waits what Retry-After says). */
  maxRetries?: number;
  clock?: () => number;
  /** Where a call Microsoft refused is logged (warn), with its request id. */
  log?: GraphLog;
}

export interface GraphLog {
  warn(detail: Record<string, unknown>, message: string): void;
}

/**
 * The app could not get a token. Its name says which (the Graph client keeps only an error's name and message):
 * `SignInRefused` when Entra answered and refused (wrong tenant, app or secret), `SignInUnreachable` otherwise.
 */
export class SignInError extends Error {
  constructor(message: string, refused: boolean) {
    super(message);
    this.name = refused ? 'SignInRefused' : 'SignInUnreachable';
  }
}

/** A collection answer (https://learn.microsoft.com/graph/paging). */
interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export class GraphConnection {
  readonly client: Client;
  private credential: ClientSecretCredential;
  private readonly scope: string;
  private readonly origin: string;

  constructor(readonly settings: GraphSettings) {
    const base = new URL(settings.baseUrl);
    const segments = base.pathname.split('/').filter(Boolean);
    const version = segments.pop() ?? 'v1.0';
    this.credential = this.newCredential();
    this.scope = `${base.origin}/.default`;
    this.origin = base.origin;
    this.client = Client.initWithMiddleware({
      authProvider: { getAccessToken: () => this.token().then((t) => t.token) },
      baseUrl: `${base.origin}/${segments.map((s) => `${s}/`).join('')}`,
      defaultVersion: version,
      customHosts: new Set([base.hostname]),
      middlewareOptions: [new RetryHandlerOptions(undefined, settings.maxRetries ?? 3)],
    } as Parameters<typeof Client.initWithMiddleware>[0]);
  }

  get tenantId(): string {
    return this.settings.tenantId;
  }

  now(): number {
    return (this.settings.clock ?? Date.now)();
  }

  private newCredential(): ClientSecretCredential {
    // The identity library looks aliases up at login.microsoftonline.com unless told the authority is
    // known; the authority here is configured per cloud, so no look-up is needed (and none can leave it).
    return new ClientSecretCredential(this.settings.tenantId, this.settings.clientId, this.settings.clientSecret, {
      authorityHost: this.settings.authorityHost,
      disableInstanceDiscovery: true,
    });
  }

  /** A token for Graph (cached by the identity library until it nears its end). */
  async token(): Promise<AccessToken> {
    try {
      return await this.credential.getToken(this.scope);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      // Entra's own refusals carry an AADSTS code or an OAuth error; anything else is the network.
      if (/AADSTS\d+|invalid_client|unauthorized_client|invalid_tenant|invalid_request/.test(message))
        throw new SignInError(message, true);
      throw new SignInError(await this.whyNoEndpoints(message), false);
    }
  }

  /**
   * MSAL says the same ("endpoints_resolution_error") for an unknown tenant and for a sign-in service that does not
   * answer: the tenant's OpenID configuration, asked once, tells them apart.
   */
  private async whyNoEndpoints(message: string): Promise<string> {
    if (!/endpoints_resolution_error/.test(message)) return message;
    const url = `${this.settings.authorityHost.replace(/\/$/, '')}/${encodeURIComponent(this.settings.tenantId)}/v2.0/.well-known/openid-configuration`;
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = (await answer.json().catch(() => ({}))) as { error?: string; error_description?: string };
      if (!answer.ok && body.error)
        throw new SignInError(`${body.error}: ${body.error_description ?? ''}`.trim(), true);
      return message;
    } catch (error) {
      if (error instanceof SignInError) throw error;
      return `${message} (${String((error as Error)?.cause ?? (error as Error)?.message ?? error)})`;
    }
  }

  /**
   * One operation at Microsoft. A 401 means the token was refused (revoked, or the secret replaced): a
   * new token is asked once and the call made again; what still fails becomes a PartnerCenterError.
   */
  async call<T>(operation: GraphOperation, send: () => Promise<T>, context: Record<string, string> = {}): Promise<T> {
    try {
      try {
        return await send();
      } catch (error) {
        if ((error as { statusCode?: number })?.statusCode !== 401) throw error;
        this.credential = this.newCredential();
        return await send();
      }
    } catch (error) {
      const failure = toPartnerCenterError(operation, error, context);
      this.settings.log?.warn(
        {
          operation,
          failure: failure.failure,
          status: failure.status,
          code: failure.code,
          requestId: failure.requestId,
        },
        'Microsoft Graph refused or failed a call',
      );
      throw failure;
    }
  }

  /**
   * Every item of a collection, following `@odata.nextLink` until there is none (or `max` items are in);
   * `counter.pages` counts the requests.
   */
  async all<T>(
    operation: GraphOperation,
    first: () => GraphRequest,
    options: { counter?: { pages: number }; max?: number } = {},
  ): Promise<T[]> {
    const { counter, max = Infinity } = options;
    const items: T[] = [];
    let page = await this.call(operation, () => first().get() as Promise<Page<T>>);
    if (counter) counter.pages++;
    items.push(...page.value);
    while (page['@odata.nextLink'] && items.length < max) {
      const next = page['@odata.nextLink'];
      // The link is absolute and must stay on the configured Graph host.
      if (!next.startsWith(`${this.origin}/`)) throw new Error(`Graph sent a next page off its host: ${next}`);
      page = await this.call(operation, () => this.client.api(next).get() as Promise<Page<T>>);
      if (counter) counter.pages++;
      items.push(...page.value);
    }
    return items;
  }

  /**
   * A call whose status code and headers matter (202 and its Location): the raw response when Microsoft
   * accepted it; a refusal is thrown as the client would throw it (status, Graph's code, request id).
   */
  async send(
    operation: GraphOperation,
    request: () => Promise<Response>,
    context: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; body: unknown }> {
    return this.call(
      operation,
      async () => {
        const response = await request();
        const text = await response.text();
        const body: unknown = text ? JSON.parse(text) : undefined;
        if (!response.ok) {
          const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
          throw Object.assign(new Error(error?.message ?? `HTTP ${response.status}`), {
            statusCode: response.status,
            code: error?.code,
            requestId: response.headers.get('request-id'),
          });
        }
        return { status: response.status, headers: response.headers, body };
      },
      context,
    );
  }
}

export { ResponseType };
