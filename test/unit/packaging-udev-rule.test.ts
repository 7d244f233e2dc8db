import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, ruleResource } from './builder-config';

describe('the udev rule for badge readers', () => {
  const ruleFile = () => at(ruleResource().from);
  const lines = () =>
    fs
      .readFileSync(ruleFile(), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
  const field = (line: string, key: string) => new RegExp(`${key.replace(/[{}]/g, '\\$&')}=="([^"]*)"`).exec(line)?.[1];
  const deviceLines = () => lines().filter((line) => line.includes('SUBSYSTEM=='));

  it("sorts before systemd's 73-seat-late.rules, or its uaccess tag is ignored", () => {
    const number = Number(/^(\d+)-/.exec(path.basename(ruleFile()))?.[1]);
    expect(number).toBeLessThan(73);
  });

  it('is well-formed: key, operator, quoted value; ids in lower-case hex as sysfs shows them', () => {
    for (const line of lines()) {
      expect(line, 'a rule line').toMatch(/^(?:[A-Za-z_]+(?:\{[A-Za-z_]+\})?(?:==|!=|\+=|:=|=)"[^"]*"(?:, |$))+$/);
      for (const key of ['ATTRS{idVendor}', 'ATTRS{idProduct}']) {
        const id = field(line, key);
        if (id !== undefined) expect(id, line).toMatch(/^[0-9a-f]{4}$/);
      }
    }
    expect(lines()[0]).toMatch(/GOTO="(\w+)"/);
    expect(lines().at(-1)).toBe(`LABEL="${/GOTO="(\w+)"/.exec(lines()[0]!)![1]}"`);
  });

  it("gives the kiosk's session hidraw and serial devices", () => {
    const lineSet = deviceLines();
    expect(lineSet.length).toBeGreaterThan(0);
    for (const line of lineSet) {
      expect(['hidraw', 'tty'], line).toContain(field(line, 'SUBSYSTEM'));
      expect(line).toContain('TAG+="uaccess"');
      if (field(line, 'SUBSYSTEM') === 'hidraw') expect(line).toMatch(/GROUP="plugdev", MODE="0660"/);
    }
  });

  it("covers the readers docs/operators.md configures, on the device node each one's driver opens", () => {
    const guide = fs.readFileSync(at('docs', 'operators.md'), 'utf8');
    const example = /visa-kiosk config set readers '(\[[\s\S]*?\])'/.exec(guide);
    expect(example, "docs/operators.md's readers example").not.toBeNull();
    const readers = JSON.parse(example![1]!) as Array<{ type: 'serial' | 'hid'; match: { vendorId: string; productId: string } }>;
    expect(new Set(readers.map((r) => r.type))).toEqual(new Set(['serial', 'hid']));
    for (const reader of readers) {
      const subsystem = reader.type === 'serial' ? 'tty' : 'hidraw';
      const covered = deviceLines().some(
        (line) =>
          field(line, 'SUBSYSTEM') === subsystem &&
          field(line, 'ATTRS{idVendor}') === reader.match.vendorId &&
          [undefined, reader.match.productId].includes(field(line, 'ATTRS{idProduct}')),
      );
      expect(covered, `${reader.type} reader ${reader.match.vendorId}:${reader.match.productId}`).toBe(true);
    }
  });

  it('is the file the README and docs/ name', () => {
    const docs = [
      'README.md',
      ...fs
        .readdirSync(at('docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => path.join('docs', name)),
    ];
    const text = docs.map((file) => fs.readFileSync(at(file), 'utf8')).join('\n');
    const named = new Set(text.match(/\b\d\d-visa-kiosk-readers\.rules\b/g));
    expect([...named]).toEqual([path.basename(ruleFile())]);
  });
});
