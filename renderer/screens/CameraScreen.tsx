import { useTranslation } from 'react-i18next';
import { useQrCamera } from '../camera/useQrCamera';

/** "Show your pass": the camera looks for the pass's QR code and checks the visitor in with its text. */
export function CameraScreen(props: { onText: (text: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { video, problem } = useQrCamera(props.onText);
  return (
    <main className="screen camera-screen">
      <h1>{t('camera.heading')}</h1>
      {problem ? (
        <p role="alert" className="camera-problem">
          {t(`camera.${problem}`)}
        </p>
      ) : (
        <video ref={video} className="camera-view" muted playsInline aria-label={t('camera.heading')} />
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={props.onCancel}>
          {problem ? t('actions.done') : t('actions.cancel')}
        </button>
      </div>
    </main>
  );
}
