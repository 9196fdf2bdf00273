import { useState } from 'react';
import { api, type Session } from '../api/client';
import { ApiError, expectData } from '../api/problem';
import { ProblemAlert, useSubmission } from '../components/forms';

function openSession(email: string, password: string, totpCode?: string): Promise<Session> {
  return expectData(api.POST('/v1/sessions', { body: { email, password, ...(totpCode ? { totpCode } : {}) } }));
}

/**
 * Email and password; when the server answers that a TOTP code is needed (401 with totpRequired), a
 * second step asks for the code and signs in with all three.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [totpStep, setTotpStep] = useState(false);
  const { problem, busy, submit } = useSubmission([]);
  const signIn = submit(async () => {
    try {
      onSignedIn(await openSession(email.trim(), password, totpStep ? totpCode.trim() : undefined));
    } catch (e) {
      if (!totpStep && e instanceof ApiError && e.problem.totpRequired) {
        setTotpStep(true);
        return;
      }
      throw e;
    }
  });
  return (
    <main className="signin">
      <form onSubmit={signIn} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to vpnaas</h1>
        <ProblemAlert problem={totpStep && problem?.totpRequired && !totpCode ? null : problem} />
        {!totpStep ? (
          <>
            <div className="field">
              <label htmlFor="email">Email</label>
              <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="password">Password</label>
              <input id="password" type="password" autoComplete="current-password" required value={password}
                onChange={(e) => setPassword(e.target.value)} />
            </div>
          </>
        ) : (
          <div className="field">
            <label htmlFor="totp">Code from your authenticator app</label>
            <input id="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus
              value={totpCode} onChange={(e) => setTotpCode(e.target.value)} />
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>{totpStep ? 'Verify' : 'Sign in'}</button>
      </form>
    </main>
  );
}

/** The page an invitation links to: the invited person sets a password, then is signed in with it. */
export function AcceptInvitation({ token, onSignedIn }: { token: string; onSignedIn: (session: Session) => void }) {
  const [password, setPassword] = useState('');
  const { problem, busy, submit, errorsAt, unplaced } = useSubmission(['password', 'token']);
  const accept = submit(async () => {
    const user = await expectData(api.POST('/v1/invitations/accept', { body: { token, password } }));
    onSignedIn(await openSession(user.email, password));
  });
  return (
    <main className="signin">
      <form onSubmit={accept} aria-labelledby="accept-title">
        <h1 id="accept-title">Welcome to vpnaas</h1>
        <ProblemAlert problem={problem} unplaced={unplaced} />
        <div className={errorsAt('password').length ? 'field invalid' : 'field'}>
          <label htmlFor="new-password">Choose a password</label>
          <input id="new-password" type="password" autoComplete="new-password" required value={password}
            onChange={(e) => setPassword(e.target.value)} aria-describedby="new-password-error" />
          <div id="new-password-error" className="field-error">{[...errorsAt('password'), ...errorsAt('token')].join('; ')}</div>
        </div>
        <button type="submit" className="primary" disabled={busy}>Set password and sign in</button>
      </form>
    </main>
  );
}
