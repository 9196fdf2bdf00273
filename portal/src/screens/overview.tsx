import { api, type Tunnel, type TunnelStatus } from '../api/client';
import { ProblemAlert } from '../components/forms';
import { Loading, Page, StatusBadge, TROUBLE } from '../components/ui';
import { usePolling } from '../poll';
import { Link } from '../router';

/** How many tunnels in trouble get their reason fetched (one request each); the rest are counted. */
const REASONS_SHOWN = 10;

function TroubleRow({ tunnel }: { tunnel: Tunnel }) {
  const { data } = usePolling(
    (headers) => api.GET('/v1/tunnels/{id}/security-associations', { params: { path: { id: tunnel.id } }, headers }), [tunnel.id]);
  return (
    <li className="card trouble">
      <Link to={`/tunnels/${tunnel.id}`}>{tunnel.name}</Link> <StatusBadge status={data?.status ?? tunnel.status} />
      <div className="reason">{data?.reason ?? (data ? 'no reason reported' : '…')}</div>
    </li>
  );
}

function severity(status: TunnelStatus): number {
  const i = TROUBLE.indexOf(status);
  return i < 0 ? TROUBLE.length : i;
}

/** The overview counts up to this many tunnels (pages of 200); past it, it says the counts are partial. */
const MAX_TUNNEL_PAGES = 25;
/** Reading every page is heavier than one screen's poll, so the overview refreshes less often. */
const OVERVIEW_POLL_MILLIS = 10_000;

/**
 * Every tunnel of the tenant, page by page (the API has no status summary). When one page holds them
 * all, its ETag stands for the whole answer, so the next poll sends it and an unchanged first page is
 * a 304 (the headers go with the first page only); with more pages the answer carries no ETag.
 */
async function allTunnels(headers: Record<string, string>) {
  const items: Tunnel[] = [];
  let cursor: string | undefined;
  const noETag = () => new Response(null, { status: 200 });
  for (let page = 0; page < MAX_TUNNEL_PAGES; page++) {
    const result = await api.GET('/v1/tunnels', {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } }, headers: page === 0 ? headers : {} });
    if (result.response.status === 304) {
      return { response: result.response };
    }
    if (!result.data) {
      return { error: result.error, response: result.response };
    }
    items.push(...result.data.items);
    cursor = result.data.nextCursor;
    if (!cursor) {
      return { data: { items, complete: true }, response: page === 0 ? result.response : noETag() };
    }
  }
  return { data: { items, complete: false }, response: noETag() };
}

/**
 * At a glance: tunnels by status, those in trouble first with the reason the gateway reported, and
 * every gateway with its agents (the first 200).
 */
export function Overview() {
  const tunnels = usePolling(allTunnels, [], OVERVIEW_POLL_MILLIS);
  const gateways = usePolling((headers) => api.GET('/v1/gateways', { params: { query: { limit: 200 } }, headers }), []);
  const items = tunnels.data?.items ?? [];
  const counts = new Map<TunnelStatus, number>();
  items.forEach((t) => counts.set(t.status, (counts.get(t.status) ?? 0) + 1));
  const troubled = items.filter((t) => TROUBLE.includes(t.status)).sort((a, b) => severity(a.status) - severity(b.status));
  return (
    <Page title="Overview">
      <ProblemAlert problem={tunnels.problem ?? gateways.problem} />
      {!tunnels.data && !tunnels.problem && <Loading />}
      {tunnels.data && (
        <>
          <h2>Tunnels by status</h2>
          {!tunnels.data.complete && <p className="muted">Counting the first {items.length} tunnels only.</p>}
          <ul className="status-counts" aria-label="Tunnels by status">
            {[...counts.entries()].sort((a, b) => severity(a[0]) - severity(b[0])).map(([status, n]) => (
              <li key={status}><StatusBadge status={status} /> <strong>{n}</strong></li>
            ))}
            {items.length === 0 && <li className="muted">No tunnels yet. <Link to="/tunnels/new">Create one</Link>.</li>}
          </ul>
          <h2>Needs attention</h2>
          {troubled.length === 0 ? (
            <p className="muted">No tunnel is in trouble.</p>
          ) : (
            <ul className="cards" aria-label="Tunnels in trouble">
              {troubled.slice(0, REASONS_SHOWN).map((t) => <TroubleRow key={t.id} tunnel={t} />)}
              {troubled.length > REASONS_SHOWN && (
                <li className="muted">and {troubled.length - REASONS_SHOWN} more in the <Link to="/tunnels">tunnel list</Link></li>
              )}
            </ul>
          )}
        </>
      )}
      <h2>Gateways</h2>
      {gateways.data && gateways.data.items.length === 0 && <p className="muted">No gateways yet. <Link to="/gateways/new">Create one</Link>.</p>}
      <ul className="cards">
        {gateways.data?.items.map((g) => (
          <li key={g.id} className="card">
            <Link to={`/gateways/${g.id}`}>{g.name}</Link> <span className="muted">{g.publicAddresses.join(', ')}</span>
            <GatewayAgents id={g.id} />
          </li>
        ))}
      </ul>
    </Page>
  );
}

function GatewayAgents({ id }: { id: string }) {
  const { data } = usePolling((headers) => api.GET('/v1/gateways/{id}/status', { params: { path: { id } }, headers }), [id]);
  if (!data) {
    return null;
  }
  return (
    <div>
      {data.agents.length === 0 && <span className="muted">no agent enrolled</span>}
      {data.agents.map((a) => (
        <div key={a.name}>
          {a.name}: {a.connected ? 'connected' : 'disconnected'}
          {a.connected && (a.appliedVersion === data.configRevision ? ', in sync' : `, runs revision ${a.appliedVersion} of ${data.configRevision}`)}
          {a.lastError && <span className="error-text"> — {a.lastError}</span>}
        </div>
      ))}
    </div>
  );
}
