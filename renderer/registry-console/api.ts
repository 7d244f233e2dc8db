import { CONSOLE_HEADER, CONSOLE_HEADER_VALUE } from '../../core/registry/console-api';

/** A refusal from the registry: its status, code and sentence, and how long to wait when it says so. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null,
    /** The input field the registry refused, when it named one. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** A call to the console's API, relative to the page (/console/), with the header that tells it the request came from this page. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`api/${path}`, {
      method,
      headers: { [CONSOLE_HEADER]: CONSOLE_HEADER_VALUE, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'the registry cannot be reached', null);
  }
  const json = (await response.json().catch(() => null)) as (T & { error?: { code: string; message: string; field?: string } }) | null;
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      json?.error?.code ?? 'unknown',
      json?.error?.message ?? response.statusText,
      Number.isFinite(retry) && retry > 0 ? retry : null,
      json?.error?.field ?? null,
    );
  }
  return json as T;
}
