import { useState } from 'react';
import { api, type AuditEvent, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/forms';
import { Pager, useCursorPages } from '../components/lists';
import { formatTime, Loading, Page } from '../components/ui';
import { usePolling } from '../poll';

const TYPES: Schemas['ResourceType'][] = ['tenant', 'api_key', 'gateway', 'peer', 'crypto_policy', 'tunnel', 'enrollment_token', 'gateway_certificate'];

function summary(e: AuditEvent): string {
  const c = e.changes;
  if (c.changed) {
    return 'changed ' + Object.keys(c.changed).join(', ');
  }
  if (c.secretsDisclosed) {
    return `disclosed ${c.secretsDisclosed.join(', ')} (${c.format ?? ''})`;
  }
  if (c.after && typeof c.after === 'object' && 'name' in c.after) {
    return `name ${String(c.after.name)}`;
  }
  return '';
}

/** The acting tenant's audit trail, filtered by resource type or id, pages by cursor. */
export function AuditLog() {
  const [type, setType] = useState<Schemas['ResourceType'] | ''>('');
  const [resourceId, setResourceId] = useState('');
  const [applied, setApplied] = useState<{ type: typeof type; resourceId: string }>({ type: '', resourceId: '' });
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const { data, problem } = usePolling((headers) => api.GET('/v1/audit-events', {
    params: {
      query: {
        limit: 50,
        ...(applied.type ? { resourceType: applied.type } : {}),
        ...(applied.resourceId ? { resourceId: applied.resourceId } : {}),
        ...(cursor ? { cursor } : {}),
      },
    },
    headers,
  }), [applied.type, applied.resourceId, cursor]);
  return (
    <Page title="Audit log">
      <form className="filters" role="search" aria-label="Filter the audit log"
        onSubmit={(e) => { e.preventDefault(); setApplied({ type, resourceId: resourceId.trim() }); pages.first(); }}>
        <div className="field">
          <label htmlFor="audit-type">Resource type</label>
          <select id="audit-type" value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            <option value="">any</option>
            {TYPES.map((t) => <option key={t} value={t}>{t.replace('_', ' ')}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-resource">Resource id</label>
          <input id="audit-resource" value={resourceId} onChange={(e) => setResourceId(e.target.value)} placeholder="uuid" />
        </div>
        <button type="submit">Filter</button>
      </form>
      <ProblemAlert problem={problem} />
      {!data && !problem && <Loading />}
      {data && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Resource</th><th scope="col">By</th><th scope="col">What</th></tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{formatTime(e.occurredAt)}</td>
                  <td data-label="Action">{e.action}</td>
                  <td data-label="Resource"><code>{e.resourceId}</code></td>
                  <td data-label="By"><code>{e.apiKeyId}</code></td>
                  <td data-label="What">{summary(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Audit log pages" pages={pages} nextCursor={data?.nextCursor} />
    </Page>
  );
}
