import { useState } from 'react';
import { api, mergePatch, type EnrollmentToken, type Gateway } from '../api/client';
import { expectData, toProblem, type Problem } from '../api/problem';
import { Editor, type ResourceApi } from '../components/editor';
import { formatLabels, labelsPatch, parseLabels, ProblemAlert, splitList } from '../components/forms';
import { ResourceTable } from '../components/lists';
import { CopyBlock, formatTime, Loading, Page } from '../components/ui';
import { usePolling } from '../poll';
import { Link } from '../router';
import { usePermissions } from '../session';

interface GatewayForm {
  name: string;
  labels: string;
  publicAddresses: string;
}

function gatewayBody(form: GatewayForm) {
  return { name: form.name.trim(), labels: parseLabels(form.labels), publicAddresses: splitList(form.publicAddresses) };
}

export const gatewayApi: ResourceApi<Gateway, GatewayForm> = {
  kind: 'gateway',
  listPath: '/gateways',
  fields: ['name', 'labels', 'publicAddresses'],
  empty: { name: '', labels: '', publicAddresses: '' },
  fromResource: (g) => ({ name: g.name, labels: formatLabels(g.labels), publicAddresses: g.publicAddresses.join(', ') }),
  load: (id) => api.GET('/v1/gateways/{id}', { params: { path: { id } } }),
  create: (form, key) =>
    api.POST('/v1/gateways', { params: { header: { 'Idempotency-Key': key } }, body: gatewayBody(form) }),
  update: (id, form, etag, loaded) =>
    api.PATCH('/v1/gateways/{id}', {
      params: { path: { id }, header: { 'If-Match': etag } },
      ...mergePatch({ ...gatewayBody(form), labels: labelsPatch(loaded.labels, parseLabels(form.labels)) }),
    }),
};

export function GatewayEditor({ id }: { id?: string }) {
  return (
    <Editor api={gatewayApi} id={id}>
      {(form, set, field) => (
        <>
          {field('Name', 'name', (p) => <input {...p} value={form.name} onChange={(e) => set({ name: e.target.value })} required />)}
          {field('Public addresses', 'publicAddresses', (p) => (
            <input {...p} value={form.publicAddresses} onChange={(e) => set({ publicAddresses: e.target.value })} />
          ), 'The addresses peers reach the gateway at, comma-separated (IPv4 and IPv6).')}
          {field('Labels', 'labels', (p) => (
            <input {...p} value={form.labels} onChange={(e) => set({ labels: e.target.value })} />
          ), 'key=value, comma-separated, e.g. site=fra')}
        </>
      )}
    </Editor>
  );
}

/** A gateway's agents, live. */
function AgentsCell({ gateway }: { gateway: Gateway }) {
  const { data } = usePolling((headers) => api.GET('/v1/gateways/{id}/status', { params: { path: { id: gateway.id } }, headers }), [gateway.id]);
  if (!data) {
    return <span className="muted">…</span>;
  }
  const state = data.agentsConnected === 0 ? 'no agent connected' : data.inSync ? 'in sync' : 'applying';
  return (
    <span>
      {data.agentsConnected} connected, {state}
      {data.agents.map((a) => a.lastError && <span key={a.name} className="error-text"> {a.name}: {a.lastError}</span>)}
    </span>
  );
}

export function GatewayList() {
  const { canChange } = usePermissions();
  return (
    <Page title="Gateways" actions={canChange && <Link to="/gateways/new" className="button primary">New gateway</Link>}>
      <ResourceTable<Gateway>
        caption="Gateways"
        empty="No gateways yet."
        load={(q) => (headers) => api.GET('/v1/gateways', { params: { query: q }, headers })}
        columns={[
          { header: 'Name', cell: (g) => <Link to={`/gateways/${g.id}`}>{g.name}</Link> },
          { header: 'Addresses', cell: (g) => g.publicAddresses.join(', ') },
          { header: 'Agents', cell: (g) => <AgentsCell gateway={g} /> },
          { header: 'Labels', cell: (g) => formatLabels(g.labels) },
        ]}
      />
    </Page>
  );
}

/** The agent's commands on the gateway's machine, with the one-time token and the CA from the response. */
export function agentCommand(token: EnrollmentToken, controlPlane: string): string {
  return [
    'umask 077',
    "cat > ca.pem <<'EOF'",
    token.caCertificatePem.trim(),
    'EOF',
    `printf '%s\\n' '${token.token}' > token`,
    `bin/agent connect --control-plane ${controlPlane} --state-dir /var/lib/vpnaas-agent \\`,
    '  --enrollment-token-file token --ca-file ca.pem',
  ].join('\n');
}

function EnrollmentTokens({ gateway }: { gateway: Gateway }) {
  const [token, setToken] = useState<EnrollmentToken | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const create = async () => {
    try {
      setToken(await expectData(api.POST('/v1/gateways/{id}/enrollment-tokens', {
        params: { path: { id: gateway.id } }, body: { ttlSeconds: 3600 },
      })));
    } catch (e) {
      setProblem(toProblem(e));
    }
  };
  return (
    <section aria-labelledby="enroll">
      <h2 id="enroll">Enroll an agent</h2>
      <p>
        A one-time token lets an agent on the gateway's machine enroll for this gateway. It is shown only now and is
        valid for an hour.
      </p>
      <ProblemAlert problem={problem} />
      {token ? (
        <>
          <CopyBlock label="Run as root on the gateway's machine" text={agentCommand(token, `${location.hostname}:9443`)} />
          <p className="muted">Expires {formatTime(token.expiresAt)}. 9443 is the control plane's agent port (vpnaas.agent.port).</p>
        </>
      ) : (
        <button type="button" onClick={create}>Create enrollment token</button>
      )}
    </section>
  );
}

export function GatewayDetail({ id }: { id: string }) {
  const { canChange, isAdmin } = usePermissions();
  const { data: gateway, problem } = usePolling((headers) => api.GET('/v1/gateways/{id}', { params: { path: { id } }, headers }), [id]);
  const { data: status } = usePolling((headers) => api.GET('/v1/gateways/{id}/status', { params: { path: { id } }, headers }), [id]);
  if (!gateway) {
    return <Page title="Gateway"><ProblemAlert problem={problem} />{!problem && <Loading />}</Page>;
  }
  return (
    <Page title={`Gateway ${gateway.name}`} actions={canChange && <Link to={`/gateways/${id}/edit`} className="button">Edit</Link>}>
      <dl className="facts">
        <dt>Public addresses</dt><dd>{gateway.publicAddresses.join(', ')}</dd>
        <dt>Configuration revision</dt><dd>{gateway.configRevision}</dd>
        <dt>Labels</dt><dd>{formatLabels(gateway.labels) || '—'}</dd>
      </dl>
      <h2>Agents</h2>
      {status && status.agents.length === 0 && <p className="muted">No agent has enrolled yet.</p>}
      {status && status.agents.length > 0 && (
        <ul className="cards">
          {status.agents.map((a) => (
            <li key={a.name} className="card">
              <strong>{a.name}</strong> {a.connected ? 'connected' : 'disconnected'}, runs revision {a.appliedVersion}
              <div className="muted">last seen {formatTime(a.lastSeenAt)}</div>
              {a.lastError && <div className="error-text">refused revision {a.lastErrorVersion}: {a.lastError}</div>}
              {a.defence && <div className="muted">IKE defence {a.defence.level}, {a.defence.halfOpen} half-open</div>}
            </li>
          ))}
        </ul>
      )}
      {isAdmin && <EnrollmentTokens gateway={gateway} />}
    </Page>
  );
}
