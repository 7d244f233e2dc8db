import { describe, expect, it } from 'vitest';
import { commandNamed, type OptionSpec } from '../../core/command-line.js';

const COMMANDS = { checkin: 'checkin', 'visa import': 'visa import', 'visa status': 'visa status', serve: 'serve' };
const GLOBALS: OptionSpec = { db: { type: 'string', takes: 'a file' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

describe('commandNamed', () => {
  it('takes a two-word name before a one-word one, and hands the rest on in order', () => {
    expect(commandNamed(COMMANDS, ['visa', 'import', 'list.json', '--json'], GLOBALS)).toEqual({
      name: 'visa import',
      command: 'visa import',
      rest: ['list.json', '--json'],
    });
  });

  it('skips the value of a global option that takes one, written apart or joined', () => {
    expect(commandNamed(COMMANDS, ['--db', 'visa', 'visa', 'status'], GLOBALS)).toMatchObject({ name: 'visa status', rest: ['--db', 'visa'] });
    expect(commandNamed(COMMANDS, ['--db=visa', 'checkin', '0001'], GLOBALS)).toMatchObject({ name: 'checkin', rest: ['--db=visa', '0001'] });
  });

  it('takes a one-word command whose argument is a word', () => {
    expect(commandNamed(COMMANDS, ['checkin', 'serve'], GLOBALS)).toMatchObject({ name: 'checkin', rest: ['serve'] });
  });

  it('names no command for names every object has', () => {
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(commandNamed(COMMANDS, [word], GLOBALS)).toEqual({ unknown: word });
  });

  it('gives help for nothing, for --help, and for a group named alone', () => {
    expect(commandNamed(COMMANDS, [], GLOBALS)).toEqual({ help: undefined, asked: false });
    expect(commandNamed(COMMANDS, ['-h'], GLOBALS)).toEqual({ help: undefined, asked: true });
    expect(commandNamed(COMMANDS, ['visa'], GLOBALS)).toEqual({ help: 'visa', asked: false });
    expect(commandNamed(COMMANDS, ['visa', '--help'], GLOBALS)).toEqual({ help: 'visa', asked: true });
  });

  it('says which words name nothing, at most two of them', () => {
    expect(commandNamed(COMMANDS, ['visa', 'erase', 'now', 'please'], GLOBALS)).toEqual({ unknown: 'visa erase' });
  });
});
