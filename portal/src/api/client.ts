import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../generated/api';

/** The contract's schemas, generated from openapi/vpn-api.yaml at build time. */
export type Schemas = components['schemas'];
export type Gateway = Schemas['Gateway'];
export type GatewayStatus = Schemas['GatewayStatus'];
export type Peer = Schemas['Peer'];
export type CryptoPolicy = Schemas['CryptoPolicy'];
export type Tunnel = Schemas['Tunnel'];
export type TunnelStatus = Schemas['TunnelStatus'];
export type SecurityAssociationList = Schemas['SecurityAssociationList'];
export type ApiKey = Schemas['ApiKey'];
export type AuditEvent = Schemas['AuditEvent'];
export type Tenant = Schemas['Tenant'];
export type EnrollmentToken = Schemas['EnrollmentToken'];
export type Labels = Schemas['Labels'];
export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type TotpEnrollment = Schemas['TotpEnrollment'];
export type TrafficPoint = Schemas['TunnelTraffic']['points'][number];

/**
 * What every request of this browser carries besides the session cookie: the CSRF token on every
 * request that changes something, and the customer tenant an MSP user acts for. Set by the session
 * (sign-in, tenant switcher); read by every request, so no screen can forget them.
 */
export const requestContext = {
  csrfToken: null as string | null,
  actingTenantId: null as string | null,
  /** Called when the server answers 401 to a request of a signed-in session: it ended. */
  onSessionEnded: () => {},
};

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function applyRequestContext(headers: Headers, method: string): void {
  if (!SAFE_METHODS.has(method.toUpperCase()) && requestContext.csrfToken) {
    headers.set('X-CSRF-Token', requestContext.csrfToken);
  }
  if (requestContext.actingTenantId && !headers.has('Vpnaas-Tenant-Id')) {
    headers.set('Vpnaas-Tenant-Id', requestContext.actingTenantId);
  }
}

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    applyRequestContext(request.headers, request.method);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) {
      requestContext.onSessionEnded();
    }
    return response;
  },
};

/** The typed client of the contract: paths, parameters and bodies are checked by the compiler. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionHeaders);

/**
 * A PATCH body: the contract types a merge patch as a bare object (any subset of the resource's
 * writable fields), which TypeScript cannot check against the fields; the server validates it as it
 * validates a create.
 */
export function mergePatch(fields: object): { headers: { 'Content-Type': string }; body: Schemas['MergePatch'] } {
  return { headers: { 'Content-Type': 'application/merge-patch+json' }, body: fields as Schemas['MergePatch'] };
}
