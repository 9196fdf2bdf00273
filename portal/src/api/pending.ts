import { applyRequestContext } from './client';
import { ApiError, toProblem } from './problem';

/*
 * Endpoints agreed for issue 18 (users, sessions, traffic history) that openapi/vpn-api.yaml does not
 * describe yet. Typed by hand here, in one place; once the contract has them, these types and calls
 * move to the generated client (api.GET('/v1/sessions/current') ...) and this file goes.
 */

export type Role = 'admin' | 'operator' | 'viewer';

export interface User {
  id: string;
  email: string;
  role: Role;
  tenantId: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface ManagedUser extends User {
  totpEnabled?: boolean;
  invitationPending?: boolean;
  createdAt?: string;
}

/** One step of a tunnel's traffic history: what went through it during [at, at + step). */
export interface TrafficPoint {
  at: string;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

export interface TrafficHistory {
  points: TrafficPoint[];
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = new Headers({ Accept: 'application/json' });
  if (body !== undefined) {
    headers.set('Content-Type', method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  }
  applyRequestContext(headers, method);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(toProblem(e));
  }
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(toProblem(json, response.status));
  }
  return json as T;
}

export const sessions = {
  signIn: (email: string, password: string, totpCode?: string) =>
    send<Session>('POST', '/v1/sessions', { email, password, ...(totpCode ? { totpCode } : {}) }),
  current: () => send<Session>('GET', '/v1/sessions/current'),
  signOut: () => send<void>('DELETE', '/v1/sessions/current'),
};

export const users = {
  list: (cursor?: string) =>
    send<{ items: ManagedUser[]; nextCursor?: string }>('GET', '/v1/users' + (cursor ? `?cursor=${encodeURIComponent(cursor)}` : '')),
  invite: (email: string, role: Role) => send<ManagedUser & Record<string, unknown>>('POST', '/v1/users', { email, role }),
  changeRole: (id: string, role: Role) => send<ManagedUser>('PATCH', `/v1/users/${id}`, { role }),
  remove: (id: string) => send<void>('DELETE', `/v1/users/${id}`),
  acceptInvitation: (token: string, password: string) => send<Session>('POST', '/v1/invitations/accept', { token, password }),
  changePassword: (currentPassword: string, newPassword: string) =>
    send<void>('PUT', '/v1/users/me/password', { currentPassword, newPassword }),
  startTotp: () => send<{ secret: string; otpauthUri: string }>('POST', '/v1/users/me/totp'),
  confirmTotp: (code: string) => send<void>('POST', '/v1/users/me/totp/confirm', { code }),
};

export function traffic(tunnelId: string, from: Date, to: Date, stepSeconds: number) {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), step: `${stepSeconds}s` });
  return send<TrafficHistory>('GET', `/v1/tunnels/${tunnelId}/traffic?${query}`);
}

