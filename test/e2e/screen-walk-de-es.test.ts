import { walkEveryScreen } from './walk/screen-walk';

/** Every screen walked in German at three sizes and in Spanish at the smallest (walk/screen-walk.ts). */
walkEveryScreen([
  ['landscape', 'de'],
  ['portrait', 'de'],
  ['small', 'de'],
  ['small', 'es'],
]);
