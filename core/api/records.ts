import { z } from 'zod';

/** The audit log and erasing a person. */

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

export const AuditInput = z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) });

export const EraseInput = z.strictObject({ email: z.email('is not an email address') });
