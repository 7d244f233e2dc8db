import { z } from 'zod';
import { LocalDate, VisitKind } from '../vocabulary.js';

/** Exporting the visit log or the spaces report. */

/** `json` is JSON Lines: one object per line, so a consumer can read a long export as a stream. */
export const ExportFormat = z.enum(['csv', 'json']);
export const ExportReport = z.enum(['visits', 'spaces']);

/** What to export, for every transport and the export worker alike. */
export const ExportInput = z
  .strictObject({
    report: ExportReport.default('visits'),
    /** Local dates of the kiosk space, both inclusive. */
    from: LocalDate,
    to: LocalDate,
    format: ExportFormat.default('csv'),
    kind: VisitKind.optional(),
    /** A home space id. */
    space: z.string().min(1).max(100).optional(),
    bom: z.boolean().default(false),
  })
  // Named with the last day itself: it may be the default (the end of this month), not a date the manager gave.
  .superRefine((job, ctx) => {
    if (job.from > job.to) ctx.addIssue({ code: 'custom', message: `must not be after the last day asked for, ${job.to}`, path: ['from'] });
  })
  .refine((job) => job.report === 'visits' || job.kind === undefined, { message: 'filters the visit log only (--report visits)', path: ['kind'] })
  .refine((job) => job.report === 'visits' || job.space === undefined, { message: 'filters the visit log only (--report visits)', path: ['space'] })
  .refine((job) => job.format === 'csv' || !job.bom, { message: 'is for CSV only', path: ['bom'] });
