/** What a long press on a letter offers: the accented letters of the languages kiosks here meet. */
const ACCENTS: Record<string, string> = {
  a: 'àáâãäåæ',
  c: 'çćč',
  e: 'èéêëę',
  i: 'ìíîï',
  l: 'ł',
  n: 'ñń',
  o: 'òóôõöøœ',
  s: 'ßśš',
  u: 'ùúûü',
  y: 'ýÿ',
  z: 'źżž',
};

/** The accented forms of a letter key, in its case ('A' gives 'À Á …'); none for any other key. */
export function accentsOf(key: string): string[] {
  const lower = key.toLowerCase();
  const accents = [...(ACCENTS[lower] ?? '')];
  if (key === lower) return accents;
  // An upper-case form that is one letter only: ß has none.
  return accents.map((letter) => letter.toUpperCase()).filter((letter) => letter.length === 1);
}
