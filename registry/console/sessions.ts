import crypto from 'node:crypto';

/** A session ends after eight hours without a request. */
export const SESSION_IDLE_MS = 8 * 3600 * 1000;

export const SESSION_COOKIE = 'vk_console';

/** Signed-in coordinator sessions, in memory only: a restarted registry signs everyone out. */
export class Sessions {
  private readonly lastUsed = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  open(): string {
    this.prune();
    const id = crypto.randomBytes(32).toString('base64url');
    this.lastUsed.set(id, this.now());
    return id;
  }

  /** True and refreshed when `id` is a live session; an idle one is dropped. */
  use(id: string | undefined): boolean {
    if (!id) return false;
    const last = this.lastUsed.get(id);
    if (last === undefined) return false;
    if (this.now() - last >= SESSION_IDLE_MS) {
      this.lastUsed.delete(id);
      return false;
    }
    this.lastUsed.set(id, this.now());
    return true;
  }

  close(id: string | undefined): void {
    if (id) this.lastUsed.delete(id);
  }

  private prune(): void {
    const cutoff = this.now() - SESSION_IDLE_MS;
    for (const [id, last] of this.lastUsed) if (last <= cutoff) this.lastUsed.delete(id);
  }
}

/** The session id a request's Cookie header carries, if any. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** The Set-Cookie value: script cannot read it, other sites cannot send it, and over TLS it never travels in the clear. */
export function sessionCookie(id: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${id}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
