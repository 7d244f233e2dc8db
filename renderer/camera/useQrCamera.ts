import { useEffect, useRef, useState, type RefObject } from 'react';
import { cameraProblem, type CameraProblem } from './camera-problem';

/** How often a frame is looked at: a QR code held up is read within a fraction of a second, and the tablet stays cool. */
const FRAME_MS = 120;

type Decode = (typeof import('jsqr'))['default'];

/**
 * The kiosk's camera, looking for a QR code: `onText` hears the first one read, once; the camera
 * is switched off when the screen goes away. A camera that is missing, refused or failing is a
 * problem to say, never a throw. The decoder is loaded when the screen opens, so the welcome
 * screen's page does not carry it.
 */
export function useQrCamera(onText: (text: string) => void): { video: RefObject<HTMLVideoElement | null>; problem: CameraProblem | null } {
  const video = useRef<HTMLVideoElement>(null);
  // Over plain http from another machine a browser gives no camera at all.
  const [problem, setProblem] = useState<CameraProblem | null>(() => ('mediaDevices' in navigator ? null : 'failed'));
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let decode: Decode | null = null;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const look = () => {
      const element = video.current;
      if (stopped || !element || !context) return;
      const { videoWidth: width, videoHeight: height } = element;
      if (decode && element.readyState >= element.HAVE_CURRENT_DATA && width > 0 && height > 0) {
        canvas.width = width;
        canvas.height = height;
        context.drawImage(element, 0, 0, width, height);
        const code = decode(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'dontInvert' });
        if (code?.data) {
          stopped = true;
          onTextRef.current(code.data);
          return;
        }
      }
      timer = setTimeout(look, FRAME_MS);
    };
    // A decoder that cannot be fetched (the kiosk's server gone) fails the camera like a broken one.
    import('jsqr').then(
      (loaded) => void (decode = loaded.default),
      () => !stopped && setProblem('failed'),
    );
    navigator.mediaDevices?.getUserMedia({ video: { facingMode: 'user' }, audio: false }).then(
      (opened) => {
        stream = opened;
        if (stopped || !video.current) return;
        video.current.srcObject = opened;
        video.current.play().catch(() => undefined);
        look();
      },
      (error: unknown) => !stopped && setProblem(cameraProblem(error)),
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return { video, problem };
}
