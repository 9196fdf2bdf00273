import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { expectData, toProblem, type Problem } from '../api/problem';
import { navigate } from '../router';
import { Field, ProblemAlert, useSubmission } from './forms';
import { Loading, Page } from './ui';

type Result<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** How one kind of resource is loaded, created and changed through the typed client. */
export interface ResourceApi<R, F> {
  kind: string;
  /** The list screen, where the editor returns. */
  listPath: string;
  load: (id: string) => Result<R>;
  create: (form: F, idempotencyKey: string) => Result<R>;
  /** A JSON Merge Patch of the form's fields, so fields the form does not show are kept. */
  update: (id: string, form: F, etag: string, loaded: R) => Result<R>;
  fromResource: (resource: R) => F;
  empty: F;
  /** The request body's field names the form shows, where the API's errors are placed. */
  fields: readonly string[];
  /** After a create, what the API returned only once (a generated secret) to show before leaving. */
  onceOnly?: (created: R) => ReactNode;
}

/**
 * The create and edit screen of a resource. A create sends an Idempotency-Key made when the screen
 * opened, so submitting again after a lost answer creates nothing twice; an edit sends If-Match with
 * the ETag it was loaded with, so it never overwrites someone else's change unseen (412).
 */
export function Editor<R extends { id: string }, F>({
  api, id, children,
}: {
  api: ResourceApi<R, F>;
  id?: string;
  children: (form: F, set: (change: Partial<F>) => void, field: FieldFor) => ReactNode;
}) {
  const [form, setForm] = useState<F | null>(id ? null : api.empty);
  const [loaded, setLoaded] = useState<{ resource: R; etag: string } | null>(null);
  const [loadProblem, setLoadProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<R | null>(null);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const { problem, busy, submit, errorsAt, unplaced } = useSubmission(api.fields);

  useEffect(() => {
    if (!id) {
      return;
    }
    api.load(id).then(
      ({ data, error, response }) => {
        if (data) {
          setForm(api.fromResource(data));
          setLoaded({ resource: data, etag: response.headers.get('ETag') ?? '' });
        } else {
          setLoadProblem(toProblem(error, response.status));
        }
      },
      (e) => setLoadProblem(toProblem(e)),
    );
    // api is a module constant: loading again only for another id
  }, [id]);

  const title = `${id ? 'Edit' : 'New'} ${api.kind}`;
  if (created && api.onceOnly) {
    return (
      <Page title={`${api.kind} created`}>
        {api.onceOnly(created)}
        <button type="button" onClick={() => navigate(api.listPath)}>
          Done
        </button>
      </Page>
    );
  }
  if (!form) {
    return (
      <Page title={title}>
        <ProblemAlert problem={loadProblem} />
        {!loadProblem && <Loading />}
      </Page>
    );
  }
  const set = (change: Partial<F>) => setForm({ ...form, ...change });
  const field: FieldFor = (label, name, control, hint) => (
    <Field label={label} name={name} errors={errorsAt(name)} hint={hint}>
      {control}
    </Field>
  );
  const save = submit(async () => {
    const saved = await expectData(id && loaded ? api.update(id, form, loaded.etag, loaded.resource) : api.create(form, idempotencyKey));
    if (!id && api.onceOnly) {
      setCreated(saved);
    } else {
      navigate(api.listPath);
    }
  });
  return (
    <Page title={title}>
      <form className="editor" onSubmit={save} noValidate>
        <ProblemAlert problem={problem} unplaced={unplaced} />
        {children(form, set, field)}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {id ? 'Save' : 'Create'}
          </button>
          <button type="button" onClick={() => navigate(api.listPath)}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}

type ControlProps = Parameters<Parameters<typeof Field>[0]['children']>[0];
export type FieldFor = (
  label: string,
  name: string,
  control: (props: ControlProps) => ReactNode,
  hint?: string,
) => ReactNode;
