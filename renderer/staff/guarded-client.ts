import { METHODS, type KioskApi, type MethodName } from '../../core/api';
import type { KioskClient, KioskShell } from '../api-client';
import { isForbidden } from '../error-message';

/**
 * The client as staff mode uses it: a call refused as forbidden means the service locked the
 * session (idle, signed out elsewhere), so the screen locks too. The refusal still reaches the caller.
 */
export function lockOnForbidden(client: KioskClient, onForbidden: () => void): KioskClient {
  const guard = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      if (isForbidden(error)) onForbidden();
      throw error;
    });
  const api = Object.fromEntries(
    (Object.keys(METHODS) as MethodName[]).map((method) => [
      method,
      (input: unknown) => guard((client.api[method] as (input: unknown) => Promise<unknown>)(input)),
    ]),
  ) as KioskApi;
  const shell = client.shell;
  const guardedShell: KioskShell | undefined = shell && {
    ...shell,
    ...(shell.saveExport && { saveExport: (input) => guard(shell.saveExport!(input)) }),
  };
  return { ...client, api, ...(guardedShell && { shell: guardedShell }) };
}
