import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { placeErrors, toProblem, type Problem } from '../api/problem';

/**
 * A form's submission and the API's answer to it: while busy the submit button is disabled; a problem
 * is kept, its field errors placed at the fields that own them.
 */
export function useSubmission(fields: readonly string[]) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const { placed, unplaced } = placeErrors(problem, fields);
  const submit = (action: () => Promise<void>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, submit, errorsAt: (field: string) => placed.get(field) ?? [], unplaced };
}

/**
 * The problem of a failed request as an alert: its title, detail and the field errors no field shows
 * (all of them where there is no form to show them at).
 */
export function ProblemAlert({ problem, unplaced }: { problem: Problem | null; unplaced?: string[] }) {
  if (!problem) {
    return null;
  }
  const errors = unplaced ?? (problem.errors ?? []).map((e) => `${e.field}: ${e.detail}`);
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail && <span> {problem.detail}</span>}
      {errors.length > 0 && (
        <ul>
          {errors.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  label: string;
  /** The field's name in the API's request body: the problem's errors name it. */
  name: string;
  errors: string[];
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with its hint and the API's errors for it, tied together for screen readers. */
export function Field({ label, name, errors, hint, children }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={errors.length ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': errors.length > 0, 'aria-describedby': described || undefined })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {errors.length > 0 && (
        <div id={`${id}-error`} className="field-error" data-field={name}>
          {errors.join('; ')}
        </div>
      )}
    </div>
  );
}

/** Comma- or newline-separated values as the array the API takes. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `site=fra, env=prod` as labels. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of splitList(text)) {
    const eq = pair.indexOf('=');
    labels[(eq < 0 ? pair : pair.slice(0, eq)).trim()] = eq < 0 ? '' : pair.slice(eq + 1).trim();
  }
  return labels;
}

/**
 * Labels as a merge patch (RFC 7396) turning `before` into `after`: a JSON merge patch merges
 * objects, so a label the form no longer has must be sent as null to be removed.
 */
export function labelsPatch(before: Record<string, string>, after: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = { ...after };
  Object.keys(before).filter((k) => !(k in after)).forEach((k) => (patch[k] = null));
  return patch;
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
