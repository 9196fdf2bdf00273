import { createContext, useContext } from 'react';
import type { Role, Session, Tenant } from './api/client';

export interface SessionState {
  session: Session;
  /** The customer tenant an MSP user acts for, or null for the user's own tenant. */
  actingTenant: Tenant | null;
  switchTenant: (tenant: Tenant | null) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) {
    throw new Error('useSession outside a signed-in portal');
  }
  return state;
}

const WRITERS: readonly Role[] = ['admin', 'operator'];

/**
 * What the signed-in user's role allows, as the API decides it (README "Roles"): controls for what the
 * role may not do are not shown at all. The server refuses such requests anyway (403).
 */
export function usePermissions() {
  const role = useSession().session.user.role;
  return { canChange: WRITERS.includes(role), isAdmin: role === 'admin' };
}
