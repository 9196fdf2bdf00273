import type { Schemas } from './client';

/** An RFC 9457 problem as the API sends it (sign-in's carries totpRequired). */
export type Problem = Schemas['Problem'];

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** A problem for whatever a failed response carried (a network error or a non-problem body too). */
export function toProblem(error: unknown, status = 0): Problem {
  if (error instanceof ApiError) {
    return error.problem;
  }
  if (isProblem(error)) {
    return error;
  }
  const detail = error instanceof Error ? error.message : 'the server could not be reached';
  return { type: 'https://vpnaas.net/problems/internal-error', title: 'Request failed', status, detail };
}

/** The data of an openapi-fetch result, or an ApiError with the server's problem. */
export async function expectData<T>(result: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await result;
  if (!response.ok || data === undefined) {
    throw new ApiError(toProblem(error, response.status));
  }
  return data;
}

/** For answers without a body (204): nothing, or an ApiError with the server's problem. */
export async function expectSuccess(result: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await result;
  if (!response.ok) {
    throw new ApiError(toProblem(error, response.status));
  }
}

/**
 * The problem's field errors placed at the form's fields. A field owns the errors naming it or a part
 * of it (`publicAddresses[1]`, `labels.site`, `dpd.timeoutSeconds`); errors no field owns stay with the
 * problem's banner, so nothing the server said is lost.
 */
export function placeErrors(problem: Problem | null, fields: readonly string[]) {
  const placed = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const error of problem?.errors ?? []) {
    const owner = fields.find((f) => error.field === f || error.field.startsWith(f + '[') || error.field.startsWith(f + '.'));
    const text = error.field === owner ? error.detail : `${error.field}: ${error.detail}`;
    if (owner) {
      placed.set(owner, [...(placed.get(owner) ?? []), text]);
    } else {
      unplaced.push(`${error.field}: ${error.detail}`);
    }
  }
  return { placed, unplaced };
}
