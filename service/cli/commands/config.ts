import { SETTINGS, SETTING_KEYS } from '../../../core/settings.js';
import { print, UsageError, type Command } from '../command.js';
import { noPositionals } from '../parse.js';
import { warnPlainHttp } from './visa.js';

export const configGet: Command = {
  usage: 'config get KEY',
  summary: 'print one setting',
  options: {},
  run({ positionals, service, io }) {
    if (positionals.length !== 1) throw new UsageError('expected one setting key');
    const key = positionals[0]!;
    const value = service().settings.get({ key });
    print(io, { key, value }, () => (value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)));
  },
};

export const configSet: Command = {
  usage: 'config set KEY VALUE',
  summary: 'change one setting',
  options: {},
  run({ positionals, service, io }) {
    if (positionals.length !== 2) throw new UsageError('expected a setting key and a value');
    const [key, raw] = positionals as [string, string];
    const value = service().settings.set({ key, value: raw });
    print(io, { key, value }, () => `${key} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    if (key === 'visa.feedUrl') warnPlainHttp(io, 'config set', value as string);
  },
};

export const configUnset: Command = {
  usage: 'config unset KEY',
  summary: 'put one setting back to its default (printer.name: no badges)',
  options: {},
  run({ positionals, service, io }) {
    if (positionals.length !== 1) throw new UsageError('expected one setting key');
    const key = positionals[0]!;
    const value = service().settings.unset({ key });
    print(io, { key, value }, () => `${key} = ${value === null ? '(not set)' : typeof value === 'string' ? value : JSON.stringify(value)}`);
  },
};

export const configList: Command = {
  usage: 'config list',
  summary: 'print every setting with its value',
  options: {},
  run({ positionals, service, io }) {
    noPositionals(positionals);
    const all = service().settings.list();
    print(io, all, () =>
      SETTING_KEYS.map((key) => `${key} = ${all[key] === null ? '(not set)' : String(all[key]).split('\n')[0]}    # ${SETTINGS[key].description}`),
    );
  },
};
