/** Why the camera cannot read a pass, for one sentence to the visitor (locales: camera.*). */
export type CameraProblem = 'missing' | 'refused' | 'failed';

/** The problem a getUserMedia refusal stands for (DOMException names, as browsers and Electron give them). */
export function cameraProblem(error: unknown): CameraProblem {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'refused';
  return 'failed';
}
