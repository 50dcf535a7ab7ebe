import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate } from './certificate.js';
import {
  APPLICATION_PERMISSION,
  type ExistingRelationship,
  GraphError,
  GraphWorld,
  GROUP_PERMISSION,
  ORGANIZATION_PERMISSION,
  RELATIONSHIP_PERMISSION,
  TENANT_LOOKUP_PERMISSION,
  type WorldOptions,
} from './world.js';

// A Microsoft Graph and Entra ID token service for the tests and for trying graph mode without a
// tenant: the endpoints the bot calls, as Microsoft's documentation describes them, over HTTPS (MSAL
// accepts only HTTPS authorities) with a certificate made at start. Trust it with
// NODE_EXTRA_CA_CERTS=<certificateFile>. `/_emulator/…` is the test-only control: the customer's
// approval in the admin center, the clock, faults. Each endpoint names the page it follows; the
// errors are Graph's OData errors (https://learn.microsoft.com/graph/errors), throttling as
// https://learn.microsoft.com/graph/throttling describes (429 with Retry-After).

export interface Fault {
  status: 429 | 503 | 500;
  retryAfterSeconds: number;
  /** How many matching calls fail; with `eachCallType`, how many of each method and route. */
  times: number;
  eachCallType?: boolean;
  /** Only calls whose path contains this. */
  pathContains?: string;
  /** Only calls with this method (GET, POST, PATCH, DELETE). */
  method?: string;
}

interface Token {
  tenantId: string;
  clientId: string;
  expiresAt: number;
}

export interface GraphEmulator {
  /** https://127.0.0.1:port — the authority host and the Graph host. */
  origin: string;
  graphBaseUrl: string;
  certificateFile: string;
  certificate: string;
  world: GraphWorld;
  /** Every Graph call received (method and path), for tests that count them. */
  calls: Array<{ method: string; path: string; status: number }>;
  addFault(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startGraphEmulator(
  options: WorldOptions & {
    port?: number;
    host?: string;
    /** Made at start unless given (the test runner makes one its processes trust). */ certificate?: {
      cert: string;
      key: string;
    };
  },
): Promise<GraphEmulator> {
  const world = new GraphWorld(options);
  const host = options.host ?? '127.0.0.1';
  const pems = options.certificate ?? (await makeCertificate());
  const dir = await mkdtemp(join(tmpdir(), 'graph-emulator-'));
  const certificateFile = join(dir, 'certificate.pem');
  await writeFile(certificateFile, pems.cert);
  const tokens = new Map<string, Token>();
  const calls: GraphEmulator['calls'] = [];
  let faults: Array<Fault & { seen: Map<string, number> }> = [];
  let origin = '';

  const server: Server = createServer({ key: pems.key, cert: pems.cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(
          res,
          error instanceof GraphError ? error : new GraphError(500, 'InternalServerError', (error as Error).message),
        );
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = decodeURIComponent(url.pathname);
    const body = await readBody(req);

    // --- the test control ---
    if (path.startsWith('/_emulator/')) return control(req.method ?? 'GET', path, body, res);

    // --- Entra ID (login.microsoftonline.com): tenant discovery and the client-credentials token ---
    // https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc (the OpenID configuration document)
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (openId && req.method === 'GET') {
      const tenantId = openId[1]!;
      if (!world.tenant(tenantId))
        return sendJson(res, 400, {
          error: 'invalid_tenant',
          error_description: `AADSTS90002: Tenant '${tenantId}' not found.`,
          error_codes: [90002],
        });
      return sendJson(res, 200, {
        issuer: `${origin}/${tenantId}/v2.0`,
        authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
        token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
        end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
        jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      });
    }
    // https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (token && req.method === 'POST') return issueToken(token[1]!, new URLSearchParams(body), res);

    // --- Microsoft Graph v1.0 ---
    const base = new URL(graphBaseUrl).pathname;
    if (!path.startsWith(`${base}/`))
      return sendError(res, new GraphError(404, 'BadRequest', `Resource not found for the segment '${path}'.`));
    const route = path.slice(base.length);
    const call = { method: req.method ?? 'GET', path: route, status: 0 };
    calls.push(call);
    const fault = takeFault(call.method, route);
    if (fault) {
      call.status = fault.status;
      res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      return sendError(
        res,
        new GraphError(
          fault.status,
          fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
          fault.status === 429
            ? 'Too many requests; retry after the delay in Retry-After.'
            : 'The service is temporarily unavailable.',
        ),
      );
    }
    try {
      await graph(call.method, route, url, authenticate(req), body, req, res);
      call.status = res.statusCode;
    } catch (error) {
      call.status = error instanceof GraphError ? error.status : 500;
      throw error;
    }
  }

  function issueToken(tenantId: string, form: URLSearchParams, res: ServerResponse) {
    const aadError = (status: number, error: string, code: number, description: string) =>
      sendJson(res, status, {
        error,
        error_description: `AADSTS${code}: ${description}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      });
    if (!world.tenant(tenantId)) return aadError(400, 'invalid_request', 90002, `Tenant '${tenantId}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const clientId = form.get('client_id') ?? '';
    const app = world.app(tenantId, clientId);
    if (!app)
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
      );
    if (form.get('client_secret') !== app.secret)
      return aadError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    const scope = form.get('scope') ?? '';
    if (!scope.split(' ').some((s) => s.endsWith('/.default')))
      return aadError(
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      );
    // A JWT as Entra issues for client credentials: the app's granted application permissions are its
    // `roles` claim (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
    const now = Math.floor(Date.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const accessToken = [
      part({ typ: 'JWT', alg: 'RS256', kid: 'emulator' }),
      part({
        aud: graphOrigin(),
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + 3599,
        appid: clientId,
        idtyp: 'app',
        roles: app.permissions,
        tid: tenantId,
      }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    tokens.set(accessToken, { tenantId, clientId, expiresAt: Date.now() + 3600_000 });
    return sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  /** The caller's tenant and granted permissions, from its bearer token; 401 as Graph answers without one. */
  function authenticate(req: IncomingMessage): { tenantId: string; permissions: string[] } {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(header)?.[1];
    const token = bearer ? tokens.get(bearer) : undefined;
    if (!token)
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        bearer ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.',
      );
    if (token.expiresAt < Date.now())
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    const app = world.app(token.tenantId, token.clientId);
    return { tenantId: token.tenantId, permissions: app?.permissions ?? [] };
  }

  function graphOrigin(): string {
    return new URL(graphBaseUrl).origin;
  }

  function need(caller: { permissions: string[] }, permission: string) {
    if (!caller.permissions.includes(permission))
      throw new GraphError(
        403,
        'Authorization_RequestDenied',
        `Insufficient privileges to complete the operation (${permission} is required).`,
      );
  }

  async function graph(
    method: string,
    route: string,
    url: URL,
    caller: { tenantId: string; permissions: string[] },
    body: string,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const json = (): Record<string, unknown> => {
      try {
        const value = JSON.parse(body) as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // answered below
      }
      throw new GraphError(400, 'BadRequest', 'The request body is not a JSON object.');
    };
    const collection = '/tenantRelationships/delegatedAdminRelationships';
    let m: RegExpExecArray | null;

    // https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname?view=graph-rest-1.0
    if (
      (m = /^\/tenantRelationships\/findTenantInformationByDomainName\(domainName='([^']+)'\)$/.exec(route)) &&
      method === 'GET'
    ) {
      need(caller, TENANT_LOOKUP_PERMISSION);
      return sendJson(res, 200, {
        '@odata.context': `${graphBaseUrl}/$metadata#microsoft.graph.tenantInformation`,
        ...world.findTenantByDomain(m[1]!),
      });
    }
    // https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbytenantid?view=graph-rest-1.0
    if (
      (m = /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']+)'\)$/.exec(route)) &&
      method === 'GET'
    ) {
      need(caller, TENANT_LOOKUP_PERMISSION);
      return sendJson(res, 200, {
        '@odata.context': `${graphBaseUrl}/$metadata#microsoft.graph.tenantInformation`,
        ...world.findTenantById(m[1]!),
      });
    }
    // https://learn.microsoft.com/graph/api/user-list-memberof?view=graph-rest-1.0
    if ((m = /^\/users\/([^/]+)\/memberOf$/.exec(route)) && method === 'GET') {
      need(caller, GROUP_PERMISSION);
      const groups = world.memberOf(caller.tenantId, decodeURIComponent(m[1]!)).map((g) => ({
        '@odata.type': '#microsoft.graph.group',
        id: g.id,
        displayName: g.displayName,
        securityEnabled: g.securityEnabled ?? true,
      }));
      return sendPage(res, url, 'directoryObjects', groups);
    }
    if (route === collection) {
      need(caller, RELATIONSHIP_PERMISSION);
      // https://learn.microsoft.com/graph/api/tenantrelationship-post-delegatedadminrelationships?view=graph-rest-1.0
      if (method === 'POST') {
        const created = world.createRelationship(caller.tenantId, json());
        res.setHeader('Location', `${graphBaseUrl}${collection}/${created.id}`);
        return sendJson(res, 201, {
          '@odata.context': `${graphBaseUrl}/$metadata#delegatedAdminRelationships/$entity`,
          ...world.render(created),
        });
      }
      // https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships?view=graph-rest-1.0
      // ($filter on displayName, customer/tenantId, status; $top up to 300; paged with @odata.nextLink)
      if (method === 'GET') {
        let items = world.list(caller.tenantId);
        const filter = url.searchParams.get('$filter');
        if (filter) {
          const eq = /^(displayName|customer\/tenantId|status) eq '((?:[^']|'')*)'$/.exec(filter);
          if (!eq) throw new GraphError(400, 'BadRequest', `Invalid filter clause: ${filter}`);
          const value = eq[2]!.replace(/''/g, "'");
          items = items.filter(
            (r) =>
              (eq[1] === 'displayName' ? r.displayName : eq[1] === 'status' ? world.status(r) : r.customer.tenantId) ===
              value,
          );
        }
        return sendPage(
          res,
          url,
          'delegatedAdminRelationships',
          items.map((r) => world.render(r)),
        );
      }
    }
    if ((m = new RegExp(`^${collection}/([^/]+)$`).exec(route))) {
      need(caller, RELATIONSHIP_PERMISSION);
      const id = m[1]!;
      // https://learn.microsoft.com/graph/api/delegatedadminrelationship-get?view=graph-rest-1.0: 200 and the
      // resource with its @odata.etag; the page documents no conditional GET (If-None-Match is ignored, never 304).
      if (method === 'GET')
        return sendJson(res, 200, {
          '@odata.context': `${graphBaseUrl}/$metadata#delegatedAdminRelationships/$entity`,
          ...world.render(world.get(caller.tenantId, id)),
        });
      // https://learn.microsoft.com/graph/api/delegatedadminrelationship-update?view=graph-rest-1.0
      if (method === 'PATCH') {
        const r = world.update(caller.tenantId, id, header(req, 'if-match'), json());
        return sendJson(res, 200, {
          '@odata.context': `${graphBaseUrl}/$metadata#delegatedAdminRelationships/$entity`,
          ...world.render(r),
        });
      }
      // https://learn.microsoft.com/graph/api/delegatedadminrelationship-delete?view=graph-rest-1.0
      if (method === 'DELETE') {
        world.delete(caller.tenantId, id, header(req, 'if-match'));
        res.writeHead(204);
        return res.end();
      }
    }
    // https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests?view=graph-rest-1.0
    if ((m = new RegExp(`^${collection}/([^/]+)/requests$`).exec(route)) && method === 'POST') {
      need(caller, RELATIONSHIP_PERMISSION);
      const request = world.request(caller.tenantId, m[1]!, json());
      res.setHeader('Location', `${graphBaseUrl}${collection}/${m[1]}/requests/${request.id}`);
      return sendJson(res, 201, { '@odata.context': `${graphBaseUrl}/$metadata#requests/$entity`, ...request });
    }
    // https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-accessassignments?view=graph-rest-1.0 and …-list-accessassignments
    if ((m = new RegExp(`^${collection}/([^/]+)/accessAssignments$`).exec(route))) {
      need(caller, RELATIONSHIP_PERMISSION);
      if (method === 'POST') {
        const assignment = world.assign(caller.tenantId, m[1]!, json());
        res.setHeader('Location', `${graphBaseUrl}${collection}/${m[1]}/accessAssignments/${assignment.id}`);
        return sendJson(res, 201, {
          '@odata.context': `${graphBaseUrl}/$metadata#accessAssignments/$entity`,
          ...assignment,
        });
      }
      if (method === 'GET') return sendPage(res, url, 'accessAssignments', world.assignments(caller.tenantId, m[1]!));
    }
    // https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-get?view=graph-rest-1.0
    // https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update?view=graph-rest-1.0 (200, or 202 + Location)
    // https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-delete?view=graph-rest-1.0 (204)
    if ((m = new RegExp(`^${collection}/([^/]+)/accessAssignments/([^/]+)$`).exec(route))) {
      need(caller, RELATIONSHIP_PERMISSION);
      if (method === 'GET')
        return sendJson(res, 200, {
          '@odata.context': `${graphBaseUrl}/$metadata#accessAssignments/$entity`,
          ...world.assignment(caller.tenantId, m[1]!, m[2]!),
        });
      if (method === 'PATCH') {
        const outcome = world.updateAssignment(caller.tenantId, m[1]!, m[2]!, header(req, 'if-match'), json());
        if ('unchanged' in outcome)
          return sendJson(res, 200, {
            '@odata.context': `${graphBaseUrl}/$metadata#accessAssignments/$entity`,
            ...outcome.unchanged,
          });
        // A long-running operation: 202, an empty body, where to follow it and when.
        res.writeHead(202, {
          Location: `${graphBaseUrl}${collection}/${m[1]}/operations/${outcome.operation.id}`,
          'Retry-After': String(Math.max(1, Math.ceil(world.provisioningMs / 1000))),
          'request-id': randomUUID(),
          'Content-Length': 0,
        });
        return res.end();
      }
      if (method === 'DELETE') {
        world.deleteAssignment(caller.tenantId, m[1]!, m[2]!, header(req, 'if-match'));
        res.writeHead(204);
        return res.end();
      }
    }
    // https://learn.microsoft.com/graph/api/delegatedadminrelationshipoperation-get?view=graph-rest-1.0
    if ((m = new RegExp(`^${collection}/([^/]+)/operations/([^/]+)$`).exec(route)) && method === 'GET') {
      need(caller, RELATIONSHIP_PERMISSION);
      return sendJson(res, 200, {
        '@odata.context': `${graphBaseUrl}/$metadata#operations/$entity`,
        ...world.operation(caller.tenantId, m[1]!, m[2]!),
      });
    }
    // https://learn.microsoft.com/graph/api/organization-list?view=graph-rest-1.0
    if (route === '/organization' && method === 'GET') {
      need(caller, ORGANIZATION_PERMISSION);
      return sendPage(res, url, 'organization', [world.organization(caller.tenantId)]);
    }
    // https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0: $filter=securityEnabled eq true; $search
    // only with ConsistencyLevel: eventual (https://learn.microsoft.com/graph/aad-advanced-queries); paged.
    if (route === '/groups' && method === 'GET') {
      need(caller, GROUP_PERMISSION);
      let groups = world.groups(caller.tenantId);
      const filter = url.searchParams.get('$filter');
      for (const clause of filter ? filter.split(' and ') : []) {
        const name = /^displayName eq '((?:[^']|'')*)'$/.exec(clause);
        if (clause === 'securityEnabled eq true') groups = groups.filter((g) => g.securityEnabled !== false);
        else if (name) groups = groups.filter((g) => g.displayName === name[1]!.replace(/''/g, "'"));
        else throw new GraphError(400, 'BadRequest', `Invalid filter clause: ${clause}`);
      }
      const search = url.searchParams.get('$search');
      if (search !== null) {
        if (header(req, 'consistencylevel') !== 'eventual')
          throw new GraphError(
            400,
            'Request_UnsupportedQuery',
            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          );
        const words = /^"displayName:([^"]*)"$/.exec(search);
        if (!words) throw new GraphError(400, 'Request_UnsupportedQuery', `Unsupported search clause: ${search}`);
        // $search matches words that start with what was typed (tokenized search).
        const wanted = words[1]!.toLowerCase().split(/\s+/).filter(Boolean);
        groups = groups.filter((g) => {
          const tokens = g.displayName.toLowerCase().split(/[^\p{L}\p{N}]+/u);
          return wanted.every((w) => tokens.some((t) => t.startsWith(w)));
        });
      }
      return sendPage(
        res,
        url,
        'groups',
        groups.map((g) => ({ id: g.id, displayName: g.displayName, securityEnabled: g.securityEnabled ?? true })),
      );
    }
    // https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0 (paged)
    if ((m = /^\/groups\/([^/]+)\/members$/.exec(route)) && method === 'GET') {
      need(caller, GROUP_PERMISSION);
      return sendPage(
        res,
        url,
        'directoryObjects',
        world.members(caller.tenantId, m[1]!).map((u) => ({
          '@odata.type': '#microsoft.graph.user',
          id: u.id,
          displayName: u.displayName,
          mail: u.mail ?? null,
        })),
      );
    }
    // https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0
    if ((m = /^\/groups\/([^/]+)$/.exec(route)) && method === 'GET') {
      need(caller, GROUP_PERMISSION);
      const g = world.group(caller.tenantId, m[1]!);
      return sendJson(res, 200, {
        '@odata.context': `${graphBaseUrl}/$metadata#groups/$entity`,
        id: g.id,
        displayName: g.displayName,
        securityEnabled: g.securityEnabled ?? true,
      });
    }
    // https://learn.microsoft.com/graph/api/serviceprincipal-list?view=graph-rest-1.0 ($filter=appId eq '…')
    if (route === '/servicePrincipals' && method === 'GET') {
      need(caller, APPLICATION_PERMISSION);
      const filter = url.searchParams.get('$filter') ?? '';
      const appId = /^appId eq '([^']*)'$/.exec(filter)?.[1];
      if (filter && appId === undefined) throw new GraphError(400, 'BadRequest', `Invalid filter clause: ${filter}`);
      return sendPage(
        res,
        url,
        'servicePrincipals',
        world.servicePrincipals(caller.tenantId).filter((sp) => appId === undefined || sp.appId === appId),
      );
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${route}'.`);
  }

  /**
   * One page of a collection (https://learn.microsoft.com/graph/paging): at most `$top` items and never more than the
   * emulator's page size; `@odata.nextLink` (the same request with a $skiptoken) while more remain.
   */
  function sendPage(res: ServerResponse, url: URL, entitySet: string, items: unknown[]) {
    const top = url.searchParams.has('$top') ? Number(url.searchParams.get('$top')) : world.pageSize;
    if (!Number.isInteger(top) || top < 1 || top > 999) throw new GraphError(400, 'BadRequest', 'Invalid $top value.');
    const size = Math.min(top, world.pageSize);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
    const next = new URL(url.href);
    next.searchParams.set('$skiptoken', String(skip + size));
    return sendJson(res, 200, {
      '@odata.context': `${graphBaseUrl}/$metadata#${entitySet}`,
      value: items.slice(skip, skip + size),
      ...(skip + size < items.length ? { '@odata.nextLink': next.href } : {}),
    });
  }

  function takeFault(method: string, route: string): Fault | undefined {
    // One call type: the method and the route with its ids replaced.
    const type = `${method} ${route.replace(/\/[0-9a-f-]{36,}/g, '/{id}').replace(/\('[^']*'\)/g, '(…)')}`;
    for (const fault of faults) {
      if (fault.pathContains && !route.includes(fault.pathContains)) continue;
      if (fault.method && fault.method !== method) continue;
      const key = fault.eachCallType ? type : '*';
      const seen = fault.seen.get(key) ?? 0;
      if (seen >= fault.times) continue;
      fault.seen.set(key, seen + 1);
      return fault;
    }
    return undefined;
  }

  function control(method: string, path: string, body: string, res: ServerResponse) {
    let input: Record<string, unknown>;
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      throw new GraphError(400, 'BadRequest', 'The control request body is not JSON.');
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/_emulator\/relationships\/([^/]+)\/approve$/.exec(path)) && method === 'POST') {
      world.approveInAdminCenter(m[1]!);
      return sendJson(res, 200, { ok: true });
    }
    if ((m = /^\/_emulator\/relationships\/([^/]+)\/terminate$/.exec(path)) && method === 'POST') {
      world.terminateByCustomer(m[1]!);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/_emulator/clock' && method === 'POST') {
      world.advance(Number(input.days ?? 0) * 86_400_000 + Number(input.ms ?? 0));
      return sendJson(res, 200, { now: world.now().toISOString() });
    }
    if (path === '/_emulator/faults' && method === 'POST') {
      emulator.addFault(input as unknown as Fault);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/_emulator/faults' && method === 'DELETE') {
      emulator.clearFaults();
      return sendJson(res, 200, { ok: true });
    }
    // A relationship made in Partner Center (or by another tool) while the bot runs.
    if (path === '/_emulator/relationships' && method === 'POST')
      return sendJson(res, 201, world.render(world.addExisting(input as unknown as ExistingRelationship)));
    // The app's secret is replaced (expired or revoked): the old one gets no token, and tokens issued are refused.
    if ((m = /^\/_emulator\/apps\/([^/]+)\/secret$/.exec(path)) && method === 'POST') {
      for (const tenant of world.options.tenants)
        for (const app of tenant.apps) if (app.clientId === m[1]) app.secret = String(input.secret);
      for (const [token, issued] of tokens) if (issued.clientId === m[1]) tokens.delete(token);
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/_emulator/relationships' && method === 'GET')
      return sendJson(res, 200, {
        value: [...world.options.tenants.flatMap((t) => world.list(t.tenantId).map((r) => world.render(r)))],
      });
    throw new GraphError(404, 'NotFound', `No control at ${method} ${path}.`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://${host}:${port}`;
  const graphBaseUrl = `${origin}/v1.0`;
  const emulator: GraphEmulator = {
    origin,
    graphBaseUrl,
    certificateFile,
    certificate: pems.cert,
    world,
    calls,
    addFault: (fault) => faults.push({ ...fault, seen: new Map() }),
    clearFaults: () => (faults = []),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
  return emulator;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string = randomUUID()): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; odata.metadata=minimal',
    'request-id': requestId,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Graph's OData error body: { error: { code, message, innerError } }. */
function sendError(res: ServerResponse, error: GraphError): void {
  const date = new Date().toISOString();
  const requestId = randomUUID();
  sendJson(
    res,
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: { date, 'request-id': requestId, 'client-request-id': randomUUID() },
      },
    },
    requestId,
  );
}
