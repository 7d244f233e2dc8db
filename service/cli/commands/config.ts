import { SETTINGS, SETTING_KEYS } from '../../../core/settings.js';
import { noPositionals, print, UsageError } from '../../../core/command-line.js';
import { type Command } from '../command.js';
import { warnPlainHttp } from './visa.js';

export const configGet: Command = {
  usage: 'config get KEY',
  summary: 'print one setting',
  database: 'existing',
  options: {},
  async run({ positionals, call, io }) {
    if (positionals.length !== 1) throw new UsageError('expected one setting key');
    const key = positionals[0]!;
    const value = await call('getSetting', { key });
    print(io, { key, value }, () => (value === null ? '' : shownValue(value)));
  },
};

export const configSet: Command = {
  usage: 'config set KEY VALUE',
  summary: 'change one setting',
  options: {},
  async run({ positionals, call, io }) {
    if (positionals.length !== 2) throw new UsageError('expected a setting key and a value');
    const [key, raw] = positionals as [string, string];
    const value = await call('setSetting', { key, value: raw });
    print(io, { key, value }, () => `${key} = ${shownValue(value)}`);
    if (key === 'visa.feedUrl') warnPlainHttp(io, 'config set', value as string);
  },
};

export const configUnset: Command = {
  usage: 'config unset KEY',
  summary: 'put one setting back to its default (printer.name: no badges)',
  database: 'existing',
  options: {},
  async run({ positionals, call, io }) {
    if (positionals.length !== 1) throw new UsageError('expected one setting key');
    const key = positionals[0]!;
    const value = await call('unsetSetting', { key });
    print(io, { key, value }, () => `${key} = ${value === null ? '(not set)' : shownValue(value)}`);
  },
};

export const configList: Command = {
  usage: 'config list',
  summary: 'print every setting with its value',
  database: 'existing',
  options: {},
  async run({ positionals, call, io }) {
    noPositionals(positionals);
    const all = await call('listSettings', {});
    print(io, all, () =>
      SETTING_KEYS.map((key) => `${key} = ${all[key] === null ? '(not set)' : shownValue(all[key]).split('\n')[0]}    # ${SETTINGS[key].description}`),
    );
  },
};

/** A setting's value as `config get` prints it: text as it is, anything else (the readers' list) as JSON. */
function shownValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
