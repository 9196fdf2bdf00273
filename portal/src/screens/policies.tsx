import { api, mergePatch, type CryptoPolicy } from '../api/client';
import { Editor, type ResourceApi } from '../components/editor';
import { formatLabels, labelsPatch, parseLabels, splitList } from '../components/forms';
import { ResourceTable } from '../components/lists';
import { Page } from '../components/ui';
import { Link } from '../router';
import { usePermissions } from '../session';

interface PolicyForm {
  name: string;
  labels: string;
  ikeProposals: string;
  espProposals: string;
  pfsGroup: string;
  ikeLifetimeSeconds: string;
  childLifetimeSeconds: string;
  startAction: 'respond' | 'initiate';
  encapsulation: 'auto' | 'force_udp';
}

/** A number field: empty leaves the API's default (on create) or the stored value (on edit). */
function seconds(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function policyBody(form: PolicyForm) {
  return {
    name: form.name.trim(),
    labels: parseLabels(form.labels),
    ikeProposals: splitList(form.ikeProposals),
    espProposals: splitList(form.espProposals),
    startAction: form.startAction,
    encapsulation: form.encapsulation,
    ...(form.pfsGroup.trim() ? { pfsGroup: form.pfsGroup.trim() } : {}),
    ...(seconds(form.ikeLifetimeSeconds) !== undefined ? { ikeLifetimeSeconds: seconds(form.ikeLifetimeSeconds) } : {}),
    ...(seconds(form.childLifetimeSeconds) !== undefined ? { childLifetimeSeconds: seconds(form.childLifetimeSeconds) } : {}),
  };
}

export const policyApi: ResourceApi<CryptoPolicy, PolicyForm> = {
  kind: 'crypto policy',
  listPath: '/policies',
  fields: ['name', 'labels', 'ikeProposals', 'espProposals', 'pfsGroup', 'ikeLifetimeSeconds', 'childLifetimeSeconds',
    'startAction', 'encapsulation'],
  empty: {
    name: '', labels: '', ikeProposals: 'aes256gcm16-prfsha384-x25519', espProposals: 'aes256gcm16', pfsGroup: '',
    ikeLifetimeSeconds: '', childLifetimeSeconds: '', startAction: 'respond', encapsulation: 'auto',
  },
  fromResource: (p) => ({
    name: p.name, labels: formatLabels(p.labels), ikeProposals: p.ikeProposals.join(', '), espProposals: p.espProposals.join(', '),
    pfsGroup: p.pfsGroup ?? '', ikeLifetimeSeconds: String(p.ikeLifetimeSeconds), childLifetimeSeconds: String(p.childLifetimeSeconds),
    startAction: p.startAction, encapsulation: p.encapsulation,
  }),
  load: (id) => api.GET('/v1/crypto-policies/{id}', { params: { path: { id } } }),
  create: (form, key) => api.POST('/v1/crypto-policies', {
    params: { header: { 'Idempotency-Key': key } }, body: policyBody(form),
  }),
  update: (id, form, etag, loaded) => api.PATCH('/v1/crypto-policies/{id}', {
    params: { path: { id }, header: { 'If-Match': etag } }, ...mergePatch({
      ...policyBody(form),
      labels: labelsPatch(loaded.labels, parseLabels(form.labels)),
      // an emptied PFS group is removed (null in a merge patch), not kept
      pfsGroup: form.pfsGroup.trim() || null,
    }),
  }),
};

export function PolicyEditor({ id }: { id?: string }) {
  return (
    <Editor api={policyApi} id={id}>
      {(form, set, field) => (
        <>
          {field('Name', 'name', (p) => <input {...p} value={form.name} onChange={(e) => set({ name: e.target.value })} />)}
          {field('IKE proposals', 'ikeProposals', (p) => (
            <input {...p} value={form.ikeProposals} onChange={(e) => set({ ikeProposals: e.target.value })} />
          ), 'strongSwan syntax, comma-separated, e.g. aes256gcm16-prfsha384-x25519-ke1_mlkem768')}
          {field('ESP proposals', 'espProposals', (p) => (
            <input {...p} value={form.espProposals} onChange={(e) => set({ espProposals: e.target.value })} />
          ), 'e.g. aes256gcm16, chacha20poly1305')}
          {field('PFS group', 'pfsGroup', (p) => <input {...p} value={form.pfsGroup} onChange={(e) => set({ pfsGroup: e.target.value })} />,
            'Key exchange for Child SA rekeys, e.g. x25519-ke1_mlkem768; empty for none')}
          {field('IKE SA lifetime (s)', 'ikeLifetimeSeconds', (p) => (
            <input {...p} inputMode="numeric" value={form.ikeLifetimeSeconds} onChange={(e) => set({ ikeLifetimeSeconds: e.target.value })} />
          ), 'Empty: 14400')}
          {field('Child SA lifetime (s)', 'childLifetimeSeconds', (p) => (
            <input {...p} inputMode="numeric" value={form.childLifetimeSeconds} onChange={(e) => set({ childLifetimeSeconds: e.target.value })} />
          ), 'Empty: 3600')}
          {field('Start', 'startAction', (p) => (
            <select {...p} value={form.startAction} onChange={(e) => set({ startAction: e.target.value as PolicyForm['startAction'] })}>
              <option value="respond">respond: the peer starts the tunnel</option>
              <option value="initiate">initiate: the gateway starts the tunnel</option>
            </select>
          ))}
          {field('ESP encapsulation', 'encapsulation', (p) => (
            <select {...p} value={form.encapsulation} onChange={(e) => set({ encapsulation: e.target.value as PolicyForm['encapsulation'] })}>
              <option value="auto">auto: UDP only behind NAT</option>
              <option value="force_udp">force UDP 4500</option>
            </select>
          ))}
          {field('Labels', 'labels', (p) => <input {...p} value={form.labels} onChange={(e) => set({ labels: e.target.value })} />,
            'key=value, comma-separated')}
        </>
      )}
    </Editor>
  );
}

export function PolicyList() {
  const { canChange } = usePermissions();
  return (
    <Page title="Crypto policies" actions={canChange && <Link to="/policies/new" className="button primary">New policy</Link>}>
      <ResourceTable<CryptoPolicy>
        caption="Crypto policies"
        empty="No crypto policies yet."
        load={(q) => (headers) => api.GET('/v1/crypto-policies', { params: { query: q }, headers })}
        columns={[
          { header: 'Name', cell: (p) => (canChange ? <Link to={`/policies/${p.id}/edit`}>{p.name}</Link> : p.name) },
          { header: 'IKE', cell: (p) => p.ikeProposals.join(', ') },
          { header: 'ESP', cell: (p) => p.espProposals.join(', ') + (p.pfsGroup ? ` (PFS ${p.pfsGroup})` : '') },
          { header: 'Start', cell: (p) => p.startAction },
        ]}
      />
    </Page>
  );
}
