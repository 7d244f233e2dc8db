// test/e2e and test/registry import these from here; the rest of test/reliability imports from the modules themselves.
export { Screen } from './screen';
export { holdExclusive } from './faults';
