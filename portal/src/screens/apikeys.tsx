import { useState } from 'react';
import { api, type ApiKey } from '../api/client';
import { expectData } from '../api/problem';
import { ProblemAlert, useSubmission } from '../components/forms';
import { ResourceTable } from '../components/lists';
import { CopyBlock, formatTime, Page } from '../components/ui';
import { usePermissions } from '../session';

type Role = ApiKey['role'];

function NewKey() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<ApiKey | null>(null);
  const { problem, busy, submit, errorsAt, unplaced } = useSubmission(['name', 'role']);
  const create = submit(async () => {
    setCreated(await expectData(api.POST('/v1/api-keys', { body: { name: name.trim(), role } })));
    setName('');
  });
  return (
    <section aria-labelledby="new-key">
      <h2 id="new-key">New API key</h2>
      {created?.secret && (
        <div className="notice" role="status">
          <p>The secret of {created.name} is shown only now. Keep it somewhere safe.</p>
          <CopyBlock label="API key secret" text={created.secret} />
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <ProblemAlert problem={problem} unplaced={unplaced} />
        <div className={errorsAt('name').length ? 'field invalid' : 'field'}>
          <label htmlFor="key-name">Name</label>
          <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby="key-name-error" />
          <div id="key-name-error" className="field-error">{errorsAt('name').join('; ')}</div>
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy}>Create key</button>
      </form>
    </section>
  );
}

export function ApiKeys() {
  const { isAdmin } = usePermissions();
  const [version, setVersion] = useState(0);
  const revoke = async (key: ApiKey) => {
    if (confirm(`Revoke ${key.name}? Clients using it stop working at once.`)) {
      await api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } });
      setVersion(version + 1);
    }
  };
  return (
    <Page title="API keys">
      {isAdmin && <NewKey />}
      <ResourceTable<ApiKey>
        key={version}
        caption="API keys"
        empty="No API keys."
        load={(q) => (headers) => api.GET('/v1/api-keys', { params: { query: q }, headers })}
        columns={[
          { header: 'Name', cell: (k) => k.name },
          { header: 'Role', cell: (k) => k.role },
          { header: 'Created', cell: (k) => formatTime(k.createdAt) },
          { header: 'State', cell: (k) => (k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active') },
          ...(isAdmin ? [{ header: 'Actions', cell: (k: ApiKey) => !k.revokedAt && (
            <button type="button" className="danger" onClick={() => revoke(k)}>Revoke</button>
          ) }] : []),
        ]}
      />
    </Page>
  );
}
