import { z } from 'zod';
import { noPositionals, parseOptions, print, UsageError } from '../../../core/command-line.js';
import { matchesUsb, ReaderConfig, type CredentialRead, type ReaderConfig as Config, type ReaderStatus } from '../../../core/readers.js';
import { createReader } from '../../../drivers/readers/create-reader.js';
import { discoverDevices, type FoundDevice } from '../../../drivers/readers/discovery.js';
import { type Command } from '../command.js';
import { parseInput } from '../../validate.js';

function configuredAs(device: FoundDevice, configs: Config[]): string | null {
  const hit = configs.find((c) => {
    if (c.type !== device.transport) return false;
    if (c.type === 'serial' && c.path === device.path) return true;
    return c.match !== undefined && matchesUsb(device, c.match);
  });
  return hit?.id ?? null;
}

export const readersList: Command = {
  usage: 'readers [--json]',
  summary: 'list serial ports and HID devices, marking the configured readers',
  options: {},
  async run({ positionals, service, io }) {
    noPositionals(positionals);
    const configs = service().settings.get({ key: 'readers' }) as Config[];
    const { devices, problems } = await discoverDevices();
    const rows = devices.map((d) => ({ ...d, configured: configuredAs(d, configs) }));
    print(io, { devices: rows, configured: configs, problems }, () => [
      ...(rows.length === 0 ? ['no serial ports or HID devices found'] : []),
      ...rows.map((d) =>
        [
          d.configured ? `* ${d.configured.padEnd(10)}` : '  '.padEnd(12),
          d.transport.padEnd(6),
          `${d.vendorId ?? '----'}:${d.productId ?? '----'}`,
          d.transport === 'hid' && d.usagePage !== null ? `page 0x${d.usagePage.toString(16)}` : '',
          [d.manufacturer, d.product].filter(Boolean).join(' '),
          d.serialNumber ? `#${d.serialNumber}` : '',
          d.path,
        ]
          .filter(Boolean)
          .join('  '),
      ),
      ...problems.map((p) => `note: ${p}`),
    ]);
  },
};

const WatchOptions = z.object({
  serial: z.string().min(1).optional(),
  hid: z
    .string()
    .regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/)
    .optional(),
  baud: z.coerce.number().int().positive().optional(),
  protocol: z.string().optional(),
  form: z.string().optional(),
  suffix: z.string().optional(),
  repeat: z.coerce.number().min(0).max(60).optional(),
  confirm: z.coerce.number().optional(),
});

/** Builds the one reader `watch` opens, validated by the same schema as the `readers` setting. */
function watchConfig(options: z.infer<typeof WatchOptions>): Config {
  if ((options.serial === undefined) === (options.hid === undefined)) throw new UsageError('give exactly one of --serial PATH or --hid VID:PID');
  if (options.confirm !== undefined && options.serial === undefined)
    throw new UsageError('--confirm is for serial readers that repeat a card’s frame (RDM6300); HID readers send it once');
  const shared = {
    id: 'watch',
    ...(options.repeat !== undefined && { repeatSeconds: options.repeat }),
    ...(options.form !== undefined && { form: options.form }),
  };
  const raw =
    options.serial !== undefined
      ? {
          ...shared,
          type: 'serial',
          path: options.serial,
          protocol: options.protocol ?? 'em4100',
          ...(options.baud !== undefined && { baudRate: options.baud }),
          ...(options.suffix !== undefined && { suffix: options.suffix }),
          ...(options.confirm !== undefined && { confirmReads: options.confirm }),
        }
      : { ...shared, type: 'hid', match: { vendorId: options.hid!.slice(0, 4), productId: options.hid!.slice(5) }, protocol: options.protocol ?? 'hidpos' };
  try {
    return parseInput(ReaderConfig, raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const readersWatch: Command = {
  usage:
    'readers watch (--serial PATH [--baud N] [--protocol em4100|line|wiegand] [--form F] [--suffix S] [--confirm N] | --hid VID:PID [--protocol keyboard|hidpos]) [--repeat SECONDS] [--json]',
  summary: 'open one reader and print each credential it reads, one line each, until interrupted',
  options: {
    serial: { type: 'string', takes: "the serial port's path, e.g. /dev/ttyUSB0 or COM3" },
    hid: { type: 'string', takes: "the reader's VID:PID in hex, e.g. 0c2e:0b61" },
    baud: { type: 'string', takes: 'a baud rate such as 9600' },
    protocol: { type: 'string', takes: 'em4100, line or wiegand for a serial reader, keyboard or hidpos for an HID one' },
    form: { type: 'string', takes: 'one of hex, hex-reversed, decimal, decimal-reversed, wiegand26, wiegand34, barcode' },
    suffix: { type: 'string', takes: 'up to 4 characters that end a read' },
    repeat: { type: 'string', takes: 'a number of seconds from 0 to 60' },
    confirm: { type: 'string', takes: 'a whole number of identical reads from 1 to 5' },
  },
  async run({ positionals, values, io }) {
    noPositionals(positionals);
    const reader = createReader(watchConfig(parseOptions(WatchOptions, values)));
    reader.events.on('credential', (read: CredentialRead) => {
      if (io.json) io.out(JSON.stringify({ kind: read.kind, value: read.value, match: read.match, raw: read.raw, readerId: read.readerId, at: read.at }));
      else io.out(`${read.at}  ${read.kind.padEnd(7)} ${read.value}${read.raw !== read.value ? `   (read as ${JSON.stringify(read.raw)})` : ''}`);
    });
    reader.events.on('status', (status: ReaderStatus) =>
      io.err(`reader ${status.state}: ${status.detail}${status.badFrames ? ` (${status.badFrames} bad reads)` : ''}`),
    );
    reader.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await reader.stop();
  },
};
