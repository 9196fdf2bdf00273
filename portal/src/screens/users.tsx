import { useEffect, useState } from 'react';
import { api, mergePatch, type Role, type User } from '../api/client';
import { expectData, expectSuccess, toProblem, type Problem } from '../api/problem';
import { ProblemAlert, useSubmission } from '../components/forms';
import { CopyBlock, Loading, Page } from '../components/ui';
import { usePermissions, useSession } from '../session';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

/** The user as listed: a change made from an older list is refused (412) rather than applied blindly. */
const ifMatch = (u: User) => ({ 'If-Match': `"${u.version}"` });

const changeRole = (u: User, role: Role) =>
  expectData(api.PATCH('/v1/users/{id}', { params: { path: { id: u.id }, header: ifMatch(u) }, ...mergePatch({ role }) }));

const remove = (u: User) => expectSuccess(api.DELETE('/v1/users/{id}', { params: { path: { id: u.id }, header: ifMatch(u) } }));

/** The tenant's people: invite (admin), change a role, remove. What an invitation returns is shown once. */
export function Users() {
  const { isAdmin } = usePermissions();
  const me = useSession().session.user;
  const [list, setList] = useState<User[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [invitation, setInvitation] = useState<string | null>(null);
  const { problem: inviteProblem, busy, submit, errorsAt, unplaced } = useSubmission(['email', 'role']);

  const reload = () => expectData(api.GET('/v1/users', { params: { query: { limit: 200 } } }))
    .then((page) => setList(page.items), (e) => setProblem(toProblem(e)));
  useEffect(() => {
    void reload();
  }, []);

  const invite = submit(async () => {
    const created = await expectData(api.POST('/v1/users', { body: { email: email.trim(), role } }));
    // the portal's page for it: /invitation?token=... sets the password and signs in
    const token = created.invitation?.token;
    setInvitation(token ? `${window.location.origin}/invitation?token=${encodeURIComponent(token)}` : null);
    setEmail('');
    await reload();
  });
  const act = (action: () => Promise<unknown>) => action().then(reload, (e) => setProblem(toProblem(e)));

  return (
    <Page title="Users">
      {isAdmin && (
        <section aria-labelledby="invite">
          <h2 id="invite">Invite someone</h2>
          {invitation && <CopyBlock label="Invitation (shown once): send it to the person" text={invitation} />}
          <form className="inline-form" onSubmit={invite}>
            <ProblemAlert problem={inviteProblem} unplaced={unplaced} />
            <div className={errorsAt('email').length ? 'field invalid' : 'field'}>
              <label htmlFor="invite-email">Email</label>
              <input id="invite-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)}
                aria-describedby="invite-email-error" />
              <div id="invite-email-error" className="field-error">{errorsAt('email').join('; ')}</div>
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => <option key={r}>{r}</option>)}
              </select>
            </div>
            <button type="submit" className="primary" disabled={busy}>Invite</button>
          </form>
        </section>
      )}
      <ProblemAlert problem={problem} />
      {!list && !problem && <Loading />}
      {list && (
        <div className="table-scroll">
          <table>
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th>{isAdmin && <th scope="col">Actions</th>}</tr></thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td data-label="Email">{u.email}</td>
                  <td data-label="Role">
                    {isAdmin && u.id !== me.id ? (
                      <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => act(() => changeRole(u, e.target.value as Role))}>
                        {ROLES.map((r) => <option key={r}>{r}</option>)}
                      </select>
                    ) : u.role}
                  </td>
                  <td data-label="State">{u.status}{u.totpEnabled ? ', two-factor' : ''}</td>
                  {isAdmin && (
                    <td data-label="Actions">
                      {u.id !== me.id && (
                        <button type="button" className="danger" onClick={() => confirm(`Remove ${u.email}?`) && act(() => remove(u))}>
                          Remove
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
