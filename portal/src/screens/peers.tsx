import { api, mergePatch, type Peer } from '../api/client';
import { Editor, type ResourceApi } from '../components/editor';
import { formatLabels, labelsPatch, parseLabels } from '../components/forms';
import { ResourceTable } from '../components/lists';
import { CopyBlock, Page } from '../components/ui';
import { Link } from '../router';
import { usePermissions } from '../session';

interface PeerForm {
  name: string;
  labels: string;
  address: string;
  ikeIdentity: string;
  /** 'null' (RFC 7619) is shown for a peer that has it; the form offers PSK, certificate and password, and keeps null unless changed. */
  authType: 'psk' | 'certificate' | 'null' | 'password';
  /** Empty: the server generates a strong PSK on create (shown once), and keeps the stored one on edit. */
  psk: string;
  /** A password proved with PACE (may be a short code); empty on edit keeps the stored one. Never generated. */
  password: string;
  caBundlePem: string;
  expectedIdentity: string;
  /** Whether the form changes the authentication: an edit sends auth only then. */
  authTouched: boolean;
}

function auth(form: PeerForm) {
  if (form.authType === 'null') return { type: 'null' as const };
  if (form.authType === 'password') return { type: 'password' as const, ...(form.password ? { password: form.password } : {}) };
  return form.authType === 'psk'
    ? { type: 'psk' as const, ...(form.psk ? { psk: form.psk } : {}) }
    : { type: 'certificate' as const, caBundlePem: form.caBundlePem, expectedIdentity: form.expectedIdentity.trim() };
}

function common(form: PeerForm) {
  return { name: form.name.trim(), labels: parseLabels(form.labels), address: form.address.trim(), ikeIdentity: form.ikeIdentity.trim() };
}

export const peerApi: ResourceApi<Peer, PeerForm> = {
  kind: 'peer',
  listPath: '/peers',
  fields: ['name', 'labels', 'address', 'ikeIdentity', 'auth.psk', 'auth.password', 'auth.caBundlePem', 'auth.expectedIdentity', 'auth'],
  empty: {
    name: '', labels: '', address: '', ikeIdentity: '', authType: 'psk', psk: '', password: '', caBundlePem: '', expectedIdentity: '',
    authTouched: true,
  },
  fromResource: (p) => ({
    name: p.name, labels: formatLabels(p.labels), address: p.address, ikeIdentity: p.ikeIdentity,
    authType: p.auth.type, psk: '', password: '', caBundlePem: p.auth.caBundlePem ?? '', expectedIdentity: p.auth.expectedIdentity ?? '',
    authTouched: false,
  }),
  load: (id) => api.GET('/v1/peers/{id}', { params: { path: { id } } }),
  create: (form, key) => api.POST('/v1/peers', {
    params: { header: { 'Idempotency-Key': key } }, body: { ...common(form), auth: auth(form) },
  }),
  update: (id, form, etag, loaded) => api.PATCH('/v1/peers/{id}', {
    params: { path: { id }, header: { 'If-Match': etag } },
    ...mergePatch({
      ...common(form), labels: labelsPatch(loaded.labels, parseLabels(form.labels)), ...(form.authTouched ? { auth: auth(form) } : {}),
    }),
  }),
  onceOnly: (peer) =>
    peer.generatedPsk ? (
      <>
        <p>The server generated this pre-shared key. It is shown only now: give it to the peer's administrator.</p>
        <CopyBlock label="Generated pre-shared key" text={peer.generatedPsk} />
      </>
    ) : (
      <p>Peer {peer.name} created.</p>
    ),
};

export function PeerEditor({ id }: { id?: string }) {
  return (
    <Editor api={peerApi} id={id}>
      {(form, set, field) => (
        <>
          {field('Name', 'name', (p) => <input {...p} value={form.name} onChange={(e) => set({ name: e.target.value })} />)}
          {field('Address', 'address', (p) => <input {...p} value={form.address} onChange={(e) => set({ address: e.target.value })} />,
            "The peer's public IP address or DNS name.")}
          {field('IKE identity', 'ikeIdentity', (p) => (
            <input {...p} value={form.ikeIdentity} onChange={(e) => set({ ikeIdentity: e.target.value })} />
          ), 'e.g. branch.example.com, an address or user@example.com')}
          <fieldset>
            <legend>Authentication</legend>
            {(['psk', 'certificate', 'password'] as const).map((t) => (
              <label key={t} className="inline">
                <input type="radio" name="authType" value={t} checked={form.authType === t}
                  onChange={() => set({ authType: t, authTouched: true })} />
                {t === 'psk' ? 'Pre-shared key' : t === 'certificate' ? 'Certificate' : 'Password (PACE)'}
              </label>
            ))}
          </fieldset>
          {form.authType === 'psk' &&
            field('Pre-shared key', 'auth.psk', (p) => (
              <input {...p} type="password" autoComplete="new-password" value={form.psk}
                onChange={(e) => set({ psk: e.target.value, authTouched: true })} />
            ), 'Leave empty to have a strong key generated (shown once), or on edit to keep the current one.')}
          {form.authType === 'password' &&
            field('Password', 'auth.password', (p) => (
              <input {...p} type="password" autoComplete="new-password" value={form.password}
                onChange={(e) => set({ password: e.target.value, authTouched: true })} />
            ), 'At least 6 characters; the peer must run PACE (our gateway agent) and tunnels need ECP groups. On edit, leave empty to keep it.')}
          {form.authType === 'certificate' && (
            <>
              {field('CA bundle (PEM)', 'auth.caBundlePem', (p) => (
                <textarea {...p} rows={5} value={form.caBundlePem} onChange={(e) => set({ caBundlePem: e.target.value, authTouched: true })} />
              ))}
              {field('Expected identity', 'auth.expectedIdentity', (p) => (
                <input {...p} value={form.expectedIdentity} onChange={(e) => set({ expectedIdentity: e.target.value, authTouched: true })} />
              ), 'The identity the certificate must certify: the same as the IKE identity.')}
            </>
          )}
          {field('Labels', 'labels', (p) => <input {...p} value={form.labels} onChange={(e) => set({ labels: e.target.value })} />,
            'key=value, comma-separated')}
        </>
      )}
    </Editor>
  );
}

export function PeerList() {
  const { canChange } = usePermissions();
  return (
    <Page title="Peers" actions={canChange && <Link to="/peers/new" className="button primary">New peer</Link>}>
      <ResourceTable<Peer>
        caption="Peers"
        empty="No peers yet."
        load={(q) => (headers) => api.GET('/v1/peers', { params: { query: q }, headers })}
        columns={[
          { header: 'Name', cell: (p) => (canChange ? <Link to={`/peers/${p.id}/edit`}>{p.name}</Link> : p.name) },
          { header: 'Address', cell: (p) => p.address },
          { header: 'IKE identity', cell: (p) => p.ikeIdentity },
          { header: 'Authentication', cell: (p) => p.auth.type + (p.ppks.length ? ` + ${p.ppks.length} PPK` : '') },
          { header: 'Labels', cell: (p) => formatLabels(p.labels) },
        ]}
      />
    </Page>
  );
}
