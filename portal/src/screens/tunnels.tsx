import { useEffect, useState } from 'react';
import { api, mergePatch, type CryptoPolicy, type Gateway, type Peer, type Tunnel } from '../api/client';
import { expectData, toProblem, type Problem } from '../api/problem';
import { Editor, type ResourceApi } from '../components/editor';
import { formatLabels, labelsPatch, parseLabels, ProblemAlert, splitList } from '../components/forms';
import { ResourceTable } from '../components/lists';
import { formatBytes, formatTime, Loading, Page, StatusBadge } from '../components/ui';
import { usePolling } from '../poll';
import { Link } from '../router';
import { usePermissions } from '../session';
import { TrafficChart } from './traffic';

interface TunnelForm {
  name: string;
  labels: string;
  gatewayId: string;
  peerId: string;
  policyId: string;
  localTrafficSelectors: string;
  remoteTrafficSelectors: string;
}

function tunnelBody(form: TunnelForm) {
  return {
    name: form.name.trim(),
    labels: parseLabels(form.labels),
    gatewayId: form.gatewayId,
    peerId: form.peerId,
    policyId: form.policyId,
    localTrafficSelectors: splitList(form.localTrafficSelectors),
    remoteTrafficSelectors: splitList(form.remoteTrafficSelectors),
  };
}

export const tunnelApi: ResourceApi<Tunnel, TunnelForm> = {
  kind: 'tunnel',
  listPath: '/tunnels',
  fields: ['name', 'labels', 'gatewayId', 'peerId', 'policyId', 'localTrafficSelectors', 'remoteTrafficSelectors'],
  empty: { name: '', labels: '', gatewayId: '', peerId: '', policyId: '', localTrafficSelectors: '', remoteTrafficSelectors: '' },
  fromResource: (t) => ({
    name: t.name, labels: formatLabels(t.labels), gatewayId: t.gatewayId, peerId: t.peerId, policyId: t.policyId,
    localTrafficSelectors: t.localTrafficSelectors.join(', '), remoteTrafficSelectors: t.remoteTrafficSelectors.join(', '),
  }),
  load: (id) => api.GET('/v1/tunnels/{id}', { params: { path: { id } } }),
  create: (form, key) => api.POST('/v1/tunnels', { params: { header: { 'Idempotency-Key': key } }, body: tunnelBody(form) }),
  update: (id, form, etag, loaded) => api.PATCH('/v1/tunnels/{id}', {
    params: { path: { id }, header: { 'If-Match': etag } }, ...mergePatch({ ...tunnelBody(form), labels: labelsPatch(loaded.labels, parseLabels(form.labels)) }),
  }),
};

/** The first page (200) of gateways, peers and policies to choose from; more are named by the list's filter. */
function useChoices() {
  const [choices, setChoices] = useState<{ gateways: Gateway[]; peers: Peer[]; policies: CryptoPolicy[] } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    const query = { params: { query: { limit: 200 } } };
    Promise.all([
      expectData(api.GET('/v1/gateways', query)),
      expectData(api.GET('/v1/peers', query)),
      expectData(api.GET('/v1/crypto-policies', query)),
    ]).then(([g, p, c]) => setChoices({ gateways: g.items, peers: p.items, policies: c.items }), (e) => setProblem(toProblem(e)));
  }, []);
  return { choices, problem };
}

export function TunnelEditor({ id }: { id?: string }) {
  const { choices, problem } = useChoices();
  if (!choices) {
    return <Page title="Tunnel"><ProblemAlert problem={problem} />{!problem && <Loading />}</Page>;
  }
  const select = (items: { id: string; name: string }[], what: string) =>
    (value: string, onChange: (v: string) => void) => (p: object) => (
      <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a {what}</option>
        {items.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
      </select>
    );
  return (
    <Editor api={tunnelApi} id={id}>
      {(form, set, field) => (
        <>
          {field('Name', 'name', (p) => <input {...p} value={form.name} onChange={(e) => set({ name: e.target.value })} />)}
          {field('Gateway', 'gatewayId', select(choices.gateways, 'gateway')(form.gatewayId, (v) => set({ gatewayId: v })))}
          {field('Peer', 'peerId', select(choices.peers, 'peer')(form.peerId, (v) => set({ peerId: v })))}
          {field('Crypto policy', 'policyId', select(choices.policies, 'crypto policy')(form.policyId, (v) => set({ policyId: v })))}
          {field('Local traffic selectors', 'localTrafficSelectors', (p) => (
            <input {...p} value={form.localTrafficSelectors} onChange={(e) => set({ localTrafficSelectors: e.target.value })} />
          ), 'Networks behind the gateway: CIDR prefixes or address ranges, comma-separated, e.g. 10.1.0.0/16')}
          {field('Remote traffic selectors', 'remoteTrafficSelectors', (p) => (
            <input {...p} value={form.remoteTrafficSelectors} onChange={(e) => set({ remoteTrafficSelectors: e.target.value })} />
          ), "Networks behind the peer, e.g. 10.2.0.0/16")}
          {field('Labels', 'labels', (p) => <input {...p} value={form.labels} onChange={(e) => set({ labels: e.target.value })} />,
            'key=value, comma-separated')}
        </>
      )}
    </Editor>
  );
}

export function TunnelList() {
  const { canChange } = usePermissions();
  return (
    <Page title="Tunnels" actions={canChange && <Link to="/tunnels/new" className="button primary">New tunnel</Link>}>
      <ResourceTable<Tunnel>
        caption="Tunnels"
        empty="No tunnels match."
        load={(q) => (headers) => api.GET('/v1/tunnels', { params: { query: q }, headers })}
        columns={[
          { header: 'Name', cell: (t) => <Link to={`/tunnels/${t.id}`}>{t.name}</Link> },
          { header: 'Status', cell: (t) => <StatusBadge status={t.status} /> },
          { header: 'Local', cell: (t) => t.localTrafficSelectors.join(', ') },
          { header: 'Remote', cell: (t) => t.remoteTrafficSelectors.join(', ') },
          { header: 'Labels', cell: (t) => formatLabels(t.labels) },
        ]}
      />
    </Page>
  );
}

const FORMATS = [
  { value: 'strongswan', label: 'strongSwan (swanctl.conf)' },
  { value: 'libreswan', label: 'Libreswan (ipsec.conf)' },
  { value: 'cisco-ios', label: 'Cisco IOS XE' },
] as const;

/** Downloads the peer's configuration as the file the server names (Content-Disposition). */
function PeerConfiguration({ tunnel }: { tunnel: Tunnel }) {
  const { isAdmin } = usePermissions();
  const [format, setFormat] = useState<(typeof FORMATS)[number]['value']>('strongswan');
  const [includeSecret, setIncludeSecret] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const download = async () => {
    setProblem(null);
    const { data, error, response } = await api.GET('/v1/tunnels/{id}/peer-configuration', {
      params: { path: { id: tunnel.id }, query: { format, includeSecret } }, parseAs: 'blob',
    });
    if (!data) {
      setProblem(toProblem(error, response.status));
      return;
    }
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `vpnaas-${tunnel.name}.conf`;
    const url = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="peer-config">
      <h2 id="peer-config">Configuration for the peer</h2>
      <p>The customer's side of this tunnel, for their device; what the service cannot know is a placeholder in angle brackets.</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="format">Format</label>
          <select id="format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </div>
        {isAdmin && (
          <label className="inline">
            <input type="checkbox" checked={includeSecret} onChange={(e) => setIncludeSecret(e.target.checked)} />
            Include the pre-shared key (recorded in the audit log)
          </label>
        )}
        <button type="button" onClick={download}>Download</button>
      </div>
      <ProblemAlert problem={problem} />
    </section>
  );
}

/** A gateway by its name (its id until the name is read; names change rarely, so read once a minute). */
function GatewayLink({ id }: { id: string }) {
  const { data } = usePolling((headers) => api.GET('/v1/gateways/{id}', { params: { path: { id } }, headers }), [id], 60_000);
  return <Link to={`/gateways/${id}`}>{data?.name ?? id}</Link>;
}

export function TunnelDetail({ id }: { id: string }) {
  const { canChange } = usePermissions();
  const { data: tunnel, problem } = usePolling((headers) => api.GET('/v1/tunnels/{id}', { params: { path: { id } }, headers }), [id]);
  const { data: sas } = usePolling(
    (headers) => api.GET('/v1/tunnels/{id}/security-associations', { params: { path: { id } }, headers }), [id]);
  if (!tunnel) {
    return <Page title="Tunnel"><ProblemAlert problem={problem} />{!problem && <Loading />}</Page>;
  }
  const status = sas?.status ?? tunnel.status;
  return (
    <Page title={`Tunnel ${tunnel.name}`} actions={canChange && <Link to={`/tunnels/${id}/edit`} className="button">Edit</Link>}>
      <div className="status-line" aria-live="polite">
        <StatusBadge status={status} />
        {sas?.reason && <span className="reason">{sas.reason}</span>}
        {sas?.lastChange && <span className="muted">since {formatTime(sas.lastChange)}</span>}
      </div>
      <dl className="facts">
        <dt>Local selectors</dt><dd>{tunnel.localTrafficSelectors.join(', ')}</dd>
        <dt>Remote selectors</dt><dd>{tunnel.remoteTrafficSelectors.join(', ')}</dd>
        <dt>Gateway</dt><dd><GatewayLink id={tunnel.gatewayId} /></dd>
        <dt>Quantum safety</dt><dd>{sas?.quantumSafety ?? '—'}</dd>
        <dt>Transport</dt><dd>{sas?.transport ?? '—'}</dd>
      </dl>
      <h2>Security associations</h2>
      {sas && sas.items.length === 0 && <p className="muted">No Child SA is up.</p>}
      {sas && sas.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">SPI in / out</th><th scope="col">Bytes in</th><th scope="col">Bytes out</th>
                <th scope="col">Packets in</th><th scope="col">Packets out</th><th scope="col">Drops</th><th scope="col">Established</th>
              </tr>
            </thead>
            <tbody>
              {sas.items.map((sa) => (
                <tr key={sa.spiIn}>
                  <td data-label="SPI in / out">{sa.spiIn} / {sa.spiOut}</td>
                  <td data-label="Bytes in">{formatBytes(sa.bytesIn)}</td>
                  <td data-label="Bytes out">{formatBytes(sa.bytesOut)}</td>
                  <td data-label="Packets in">{sa.packetsIn}</td>
                  <td data-label="Packets out">{sa.packetsOut}</td>
                  <td data-label="Drops">{sa.replayDrops + sa.integrityFailures + sa.selectorDrops}</td>
                  <td data-label="Established">{formatTime(sa.establishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TrafficChart tunnelId={id} />
      <PeerConfiguration tunnel={tunnel} />
    </Page>
  );
}
