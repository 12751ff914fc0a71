/**
 * JSON calls to Kanceleja's API from a page, with the session cookie and the page's CSRF token
 * (the API refuses a state-changing call with a session but without `X-CSRF-Token`).
 */

export interface ApiProblem {
  elementId?: string;
  elementName?: string;
  line?: number;
  message: string;
}

export interface ApiFailure {
  status: number;
  error: string;
  message: string;
  problems: ApiProblem[];
}

export type ApiResult<T> = { ok: true; status: number; body: T } | ({ ok: false } & ApiFailure);

export async function callApi<T>(
  path: string,
  options: { method?: string; body?: unknown; csrfToken?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    credentials: 'same-origin',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, status: response.status, body: body as T };
  const failure = (body ?? {}) as Partial<ApiFailure>;
  return {
    ok: false,
    status: response.status,
    error: String(failure.error ?? response.status),
    message: String(failure.message ?? response.statusText),
    problems: Array.isArray(failure.problems) ? failure.problems : [],
  };
}

/** Throws the server's message: for reads whose failure leaves nothing to show. */
export async function getJson<T>(path: string): Promise<T> {
  const result = await callApi<T>(path);
  if (!result.ok) throw new Error(result.message);
  return result.body;
}
