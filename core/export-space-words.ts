/** Said when an export asks for a home space no visit in its range has: plain words, with the ids it could have meant. */
export function noVisitsFromSpace(asked: string, seen: readonly string[], from: string, to: string): string {
  const hint = seen.length > 0 ? `: home spaces are named by their id, such as ${seen.map((id) => `"${id}"`).join(', ')}` : '';
  return `no visit from ${from} to ${to} has home space "${asked}"${hint}`;
}
