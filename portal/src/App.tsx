import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, requestContext, type Session, type Tenant } from './api/client';
import { expectData } from './api/problem';
import { Page } from './components/ui';
import { Link, match, navigate, useLocation } from './router';
import { Account } from './screens/account';
import { ApiKeys } from './screens/apikeys';
import { AuditLog } from './screens/audit';
import { GatewayDetail, GatewayEditor, GatewayList } from './screens/gateways';
import { Overview } from './screens/overview';
import { PeerEditor, PeerList } from './screens/peers';
import { PolicyEditor, PolicyList } from './screens/policies';
import { AcceptInvitation, SignIn } from './screens/signin';
import { TunnelDetail, TunnelEditor, TunnelList } from './screens/tunnels';
import { Users } from './screens/users';
import { SessionContext, usePermissions, useSession } from './session';

/** Path patterns, first match wins; `writer`/`admin` screens are not offered to roles that cannot use them. */
const ROUTES: { path: string; need?: 'writer' | 'admin'; screen: (p: Record<string, string>) => ReactNode }[] = [
  { path: '/', screen: () => <Overview /> },
  { path: '/tunnels', screen: () => <TunnelList /> },
  { path: '/tunnels/new', need: 'writer', screen: () => <TunnelEditor /> },
  { path: '/tunnels/:id', screen: (p) => <TunnelDetail id={p.id!} /> },
  { path: '/tunnels/:id/edit', need: 'writer', screen: (p) => <TunnelEditor id={p.id!} /> },
  { path: '/gateways', screen: () => <GatewayList /> },
  { path: '/gateways/new', need: 'writer', screen: () => <GatewayEditor /> },
  { path: '/gateways/:id', screen: (p) => <GatewayDetail id={p.id!} /> },
  { path: '/gateways/:id/edit', need: 'writer', screen: (p) => <GatewayEditor id={p.id!} /> },
  { path: '/peers', screen: () => <PeerList /> },
  { path: '/peers/new', need: 'writer', screen: () => <PeerEditor /> },
  { path: '/peers/:id/edit', need: 'writer', screen: (p) => <PeerEditor id={p.id!} /> },
  { path: '/policies', screen: () => <PolicyList /> },
  { path: '/policies/new', need: 'writer', screen: () => <PolicyEditor /> },
  { path: '/policies/:id/edit', need: 'writer', screen: (p) => <PolicyEditor id={p.id!} /> },
  { path: '/api-keys', need: 'admin', screen: () => <ApiKeys /> },
  { path: '/users', screen: () => <Users /> },
  { path: '/audit', screen: () => <AuditLog /> },
  { path: '/account', screen: () => <Account /> },
];

const NAV: { to: string; label: string; need?: 'admin' }[] = [
  { to: '/', label: 'Overview' },
  { to: '/tunnels', label: 'Tunnels' },
  { to: '/gateways', label: 'Gateways' },
  { to: '/peers', label: 'Peers' },
  { to: '/policies', label: 'Crypto policies' },
  { to: '/api-keys', label: 'API keys', need: 'admin' },
  { to: '/users', label: 'Users' },
  { to: '/audit', label: 'Audit log' },
];

function Screen({ path }: { path: string }) {
  const { canChange, isAdmin } = usePermissions();
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params) {
      const allowed = route.need === undefined || (route.need === 'writer' ? canChange : isAdmin);
      return allowed ? <>{route.screen(params)}</> : <Page title="Not available"><p>Your role cannot do this.</p></Page>;
    }
  }
  return <Page title="Page not found"><p><Link to="/">Back to the overview</Link></p></Page>;
}

/** For MSP users: the customer tenants they may act for (the children of their own tenant). */
function TenantSwitcher() {
  const { session, actingTenant, switchTenant } = useSession();
  const [children, setChildren] = useState<Tenant[]>([]);
  useEffect(() => {
    // the children of the user's own tenant, named explicitly: not of the tenant being acted for
    api.GET('/v1/tenants', { params: { query: { limit: 200 } }, headers: { 'Vpnaas-Tenant-Id': session.user.tenantId } })
      .then(({ data }) => setChildren(data?.items ?? []));
  }, [session.user.tenantId]);
  if (children.length === 0) {
    return null;
  }
  return (
    <div className="tenant-switcher">
      <label htmlFor="tenant">Acting for</label>
      <select id="tenant" value={actingTenant?.id ?? ''}
        onChange={(e) => switchTenant(children.find((c) => c.id === e.target.value) ?? null)}>
        <option value="">your own tenant</option>
        {children.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </div>
  );
}

function Shell() {
  const { session, actingTenant, signOut } = useSession();
  const { isAdmin } = usePermissions();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    // a new screen: move focus to its heading, as a page load would, for keyboard and screen reader users
    main.current?.querySelector<HTMLElement>('h1')?.focus();
    setMenuOpen(false);
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <Link to="/" className="brand">vpnaas</Link>
        <TenantSwitcher />
        <div className="who">
          <Link to="/account">{session.user.email}</Link> <span className="role">{session.user.role}</span>
          <button type="button" onClick={signOut}>Sign out</button>
        </div>
      </header>
      <div className="layout">
        <nav id="nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {NAV.filter((n) => !n.need || isAdmin).map((n) => {
              const current = n.to === '/' ? location.pathname === '/' : location.pathname.startsWith(n.to);
              return (
                <li key={n.to}>
                  <Link to={n.to} aria-current={current ? 'page' : undefined}>{n.label}</Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" ref={main} key={actingTenant?.id ?? 'own'}>
          {actingTenant && <p className="acting" role="status">Acting for customer tenant <strong>{actingTenant.name}</strong></p>}
          <Screen path={location.pathname} />
        </main>
      </div>
    </>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [actingTenant, setActingTenant] = useState<Tenant | null>(null);
  const location = useLocation();

  const begin = (s: Session | null) => {
    requestContext.csrfToken = s?.csrfToken ?? null;
    requestContext.actingTenantId = null;
    setActingTenant(null);
    setSession(s);
    setChecked(true);
  };
  useEffect(() => {
    requestContext.onSessionEnded = () => begin(null);
    expectData(api.GET('/v1/sessions/current')).then(begin, () => begin(null));
  }, []);

  if (!checked) {
    return <p className="muted" role="status">Loading…</p>;
  }
  if (!session) {
    const invitation = location.pathname === '/invitation' ? location.searchParams.get('token') : null;
    return invitation ? (
      <AcceptInvitation token={invitation} onSignedIn={(s) => { begin(s); navigate('/', { replace: true }); }} />
    ) : (
      <SignIn onSignedIn={begin} />
    );
  }
  const state = {
    session,
    actingTenant,
    switchTenant: (tenant: Tenant | null) => {
      requestContext.actingTenantId = tenant?.id ?? null;
      setActingTenant(tenant);
    },
    signOut: () => {
      api.DELETE('/v1/sessions/current').finally(() => begin(null));
    },
  };
  return (
    <SessionContext.Provider value={state}>
      <Shell />
    </SessionContext.Provider>
  );
}
