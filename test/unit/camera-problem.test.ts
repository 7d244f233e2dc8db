import { describe, expect, it } from 'vitest';
import { cameraProblem } from '../../renderer/camera/camera-problem';

describe('why the camera cannot read a pass', () => {
  it('no camera, a camera refused, or anything else, as the browser names it', () => {
    expect(cameraProblem(new DOMException('Requested device not found', 'NotFoundError'))).toBe('missing');
    expect(cameraProblem(new DOMException('', 'OverconstrainedError'))).toBe('missing');
    expect(cameraProblem(new DOMException('Permission denied', 'NotAllowedError'))).toBe('refused');
    expect(cameraProblem(new DOMException('', 'SecurityError'))).toBe('refused');
    expect(cameraProblem(new DOMException('Could not start video source', 'NotReadableError'))).toBe('failed');
    expect(cameraProblem(null)).toBe('failed');
  });
});
