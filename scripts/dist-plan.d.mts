export interface PlatformPlan {
  flag: '--linux' | '--win';
  os: 'linux' | 'win32';
  electronPlatform: 'linux' | 'win32';
  targets: string[];
}

export interface DistPlan extends PlatformPlan {
  platform: 'linux' | 'win';
  downloadCheck: boolean;
  error?: undefined;
}

export interface DebMetadata {
  maintainer: string;
  homepage: string;
  error?: undefined;
}

export const PLATFORMS: { linux: PlatformPlan; win: PlatformPlan };
export const USAGE: string;
export function planDist(argv: string[], hostOs: string): DistPlan | { error: string };
export function debMetadata(env: Record<string, string | undefined>, pkg: { author?: unknown; homepage?: unknown }): DebMetadata | { error: string };
export function electronBuilderArgs(plan: PlatformPlan, metadata: DebMetadata | null, electronDist?: string | null): string[];
export function electronZipName(version: string, electronPlatform: string, arch: string): string;
export function electronZipUrl(version: string, electronPlatform: string, arch: string, env: Record<string, string | undefined>): string;
export function electronHeadersUrl(version: string): string;
export function builderToolsUrl(env: Record<string, string | undefined>): string;
export function downloadMessage(what: 'electron' | 'headers' | 'tools', details: { version?: string; zipName?: string; url: string; reason: string }): string;
