import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  disk: { path: string; device: string; filesystem: string; rotational: boolean | null; sizeGB: number | null };
  os: string;
  node: string;
  /** The 1-minute load average when the bench started: other work on a shared machine shows here. */
  loadAverage: number;
}

/** The mount that holds `dir`: the longest mount point that is a prefix of its real path. */
function mountOf(dir: string): { device: string; filesystem: string } {
  let best = { point: '', device: 'unknown', filesystem: 'unknown' };
  try {
    const real = fs.realpathSync(dir);
    for (const line of fs.readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, point, filesystem] = line.split(' ');
      if (!device || !point || !filesystem) continue;
      const inside = real === point || real.startsWith(point.endsWith('/') ? point : `${point}/`);
      if (inside && point.length > best.point.length) best = { point, device, filesystem };
    }
  } catch {
    // Not Linux: the disk stays "unknown".
  }
  return { device: best.device, filesystem: best.filesystem };
}

function rotational(device: string): boolean | null {
  const name = path.basename(device).replace(/p?\d+$/, '');
  try {
    return fs.readFileSync(`/sys/block/${name}/queue/rotational`, 'utf8').trim() === '1';
  } catch {
    return null;
  }
}

/** What the figures were measured on: they mean little without it. */
export function describeMachine(dir: string): Machine {
  const cpus = os.cpus();
  const { device, filesystem } = mountOf(dir);
  let sizeGB: number | null = null;
  try {
    const stats = fs.statfsSync(dir);
    sizeGB = Math.round((stats.blocks * stats.bsize) / 1e9);
  } catch {
    // statfs is missing on old Node versions.
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    disk: { path: dir, device, filesystem, rotational: rotational(device), sizeGB },
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export function describeDisk(disk: Machine['disk']): string {
  const kind = disk.rotational === null ? '' : disk.rotational ? ', rotational per the kernel' : ', non-rotational';
  return `${disk.device} (${disk.filesystem}${disk.sizeGB === null ? '' : `, ${disk.sizeGB} GB`}${kind})`;
}
