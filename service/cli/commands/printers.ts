import fs from 'node:fs';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import { z } from 'zod';
import { BadgeFormat, LabelSize, PrinterDpi } from '../../../core/badge.js';
import { KioskError } from '../../../core/errors.js';
import { LocalDate } from '../../../core/vocabulary.js';
import { type Command } from '../command.js';

export const printersList: Command = {
  usage: 'printers [--json]',
  summary: 'list the printer queues (CUPS or Windows) badges can go to',
  options: {},
  async run({ positionals, io, printer }) {
    noPositionals(positionals);
    const queues = await printer().queues();
    print(io, queues, () =>
      queues.length === 0
        ? 'no printer queues: add one with the system printer settings or lpadmin (see docs/operators.md, "Badge printers")'
        : queues.map(
            (q) =>
              `${q.isDefault ? '*' : ' '} ${q.name.padEnd(24)} ${q.state}${q.acceptingJobs ? '' : ' (not accepting jobs)'}  ${q.description}${q.message ? `  (${q.message})` : ''}`,
          ),
    );
  },
};

const Options = z.object({
  printer: z.string().min(1).optional(),
  format: BadgeFormat,
  label: LabelSize.default('62x100mm'),
  name: z.string(),
  space: z.string().default('Visa Kiosk'),
  from: z.string().optional(),
  kind: z.enum(['visa', 'guest', 'day_pass', 'member']).default('guest'),
  date: LocalDate.optional(),
  preview: z.string().min(1).optional(),
  timeout: z.coerce.number().int().min(1).max(600).default(30),
  dpi: z.coerce.number().pipe(PrinterDpi).default(203),
});

export const printBadge: Command = {
  usage:
    'print-badge (--printer NAME | --preview FILE.png) --format pdf|zpl|escpos [--label 62x100mm|4x3in|89x36mm|cr80] --name NAME [--space NAME] [--from HOME_SPACE] [--kind visa|guest|day_pass|member] [--date YYYY-MM-DD] [--timeout SECONDS] [--dpi 203|300|600]',
  summary: 'print a badge and wait for the job’s outcome (exit 1 when it fails), or render what that format prints to a PNG',
  options: {
    printer: { type: 'string', takes: 'a printer queue name, as `visa-kiosk printers` lists them' },
    format: { type: 'string', takes: 'pdf, zpl or escpos' },
    label: { type: 'string', takes: 'one of 62x100mm, 4x3in, 89x36mm, cr80' },
    name: { type: 'string', takes: 'the name printed on the badge' },
    space: { type: 'string', takes: 'the host space name printed on the badge' },
    from: { type: 'string', takes: 'the home space printed on the badge' },
    kind: { type: 'string', takes: 'one of visa, guest, day_pass, member' },
    date: { type: 'string', takes: 'the day the badge is valid on, written YYYY-MM-DD' },
    preview: { type: 'string', takes: 'the PNG file to write the preview to' },
    timeout: { type: 'string', takes: 'a whole number of seconds from 1 to 600' },
    dpi: { type: 'string', takes: "203, 300 or 600 (the printer's dots per inch)" },
  },
  async run({ positionals, values, io, printer }) {
    noPositionals(positionals);
    const o = parseOptions(Options, values);
    const badge = {
      name: o.name,
      kind: o.kind,
      homeSpace: o.from ?? null,
      hostSpace: o.space,
      validOn: o.date ?? new Date().toISOString().slice(0, 10),
      visitId: null,
    };
    if (o.preview) {
      const [{ previewPng }, { badgeFonts }] = await Promise.all([
        import('../../../drivers/printers/printer-preview.js'),
        import('../../../drivers/printers/fonts.js'),
      ]);
      fs.writeFileSync(o.preview, previewPng(badge, { format: o.format, label: o.label, dpi: o.dpi }, badgeFonts));
      const what =
        o.format === 'pdf'
          ? 'the PDF badge'
          : `what a ${o.format === 'zpl' ? `${o.dpi} dpi ZPL` : 'ESC/POS'} printer is sent, dot for dot; dashed outlines: printer font, approximate`;
      print(io, { preview: o.preview, format: o.format }, () => `wrote ${o.preview} (${what})`);
      return;
    }
    if (!o.printer) throw new KioskError('give --printer NAME to print, or --preview FILE.png to see the badge', 'invalid');
    const outcome = await printer().print(badge, { name: o.printer, format: o.format, label: o.label, timeoutSeconds: o.timeout, dpi: o.dpi });
    if (outcome.status === 'failed') throw new KioskError(`the badge was not printed: ${outcome.detail}`);
    print(io, outcome, () => `printed (job ${outcome.jobId}): ${outcome.detail}`);
  },
};
