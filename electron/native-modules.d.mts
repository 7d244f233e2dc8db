export interface ElectronTarget {
  version: string;
  abi: string;
}

export function abiFolder(moduleDir: string, abi: string, platform?: string, arch?: string): string;
export function electronTarget(root: string): ElectronTarget;
export function compileForElectron(staged: string, electron: ElectronTarget, cacheDir: string): string | null;
export function prepareElectronNatives(root: string, options?: { compile?: typeof compileForElectron; nodeAbi?: string }): string | null;
