import { useState } from 'react';
import { api, type TotpEnrollment } from '../api/client';
import { expectData, expectSuccess } from '../api/problem';
import { ProblemAlert, useSubmission } from '../components/forms';
import { CopyBlock, Page } from '../components/ui';
import { useSession } from '../session';

/** The signed-in person's password and second factor. A password change ends the session (sign in again). */
export function Account() {
  const { session, signOut } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [totp, setTotp] = useState<TotpEnrollment | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState('');
  const password = useSubmission(['currentPassword', 'newPassword']);
  const twoFactor = useSubmission(['code']);
  return (
    <Page title="Your account">
      <p>Signed in as {session.user.email} ({session.user.role}).</p>
      <section aria-labelledby="pw">
        <h2 id="pw">Change password</h2>
        <form className="editor" onSubmit={password.submit(async () => { await expectSuccess(api.PUT('/v1/users/me/password', { body: { currentPassword: current, newPassword: next } })); signOut(); })}>
          <ProblemAlert problem={password.problem} unplaced={password.unplaced} />
          <div className="field">
            <label htmlFor="current-password">Current password</label>
            <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
            <div className="field-error">{password.errorsAt('currentPassword').join('; ')}</div>
          </div>
          <div className="field">
            <label htmlFor="next-password">New password</label>
            <input id="next-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
            <div className="field-error">{password.errorsAt('newPassword').join('; ')}</div>
          </div>
          <button type="submit" disabled={password.busy}>Change password</button>
        </form>
      </section>
      <section aria-labelledby="tf">
        <h2 id="tf">Two-factor sign-in (TOTP)</h2>
        <p role="status">{done}</p>
        {!totp ? (
          <button type="button" onClick={twoFactor.submit(async () => setTotp(await expectData(api.POST('/v1/users/me/totp'))))}>Set up an authenticator app</button>
        ) : (
          <form className="editor" onSubmit={twoFactor.submit(async () => { await expectSuccess(api.POST('/v1/users/me/totp/confirm', { body: { code: code.trim() } })); setTotp(null); setDone('Two-factor sign-in is on.'); })}>
            <CopyBlock label="Add this to your authenticator app" text={totp.otpauthUri} />
            <CopyBlock label="or enter the secret" text={totp.secret} />
            <div className="field">
              <label htmlFor="totp-confirm">Code the app shows</label>
              <input id="totp-confirm" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
              <div className="field-error">{twoFactor.errorsAt('code').join('; ')}</div>
            </div>
            <button type="submit" disabled={twoFactor.busy}>Turn on</button>
          </form>
        )}
        <ProblemAlert problem={twoFactor.problem} unplaced={twoFactor.unplaced} />
      </section>
    </Page>
  );
}
