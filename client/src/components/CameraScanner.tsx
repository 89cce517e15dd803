import { useEffect, useRef, useState } from 'react';

type QrScannerType = import('qr-scanner').default;

/** The same code held in front of the camera is read many times a second: pass it on once. */
const REPEAT_MS = 2500;

/**
 * Scans QR codes with the camera where the browser has one (qr-scanner, loaded only then): each
 * code read is handed to `onCode`, and the camera keeps running for the next one.
 */
export function CameraScanner({ onCode }: { onCode(code: string): void }) {
  const [hasCamera, setHasCamera] = useState(false);
  const [on, setOn] = useState(false);
  const [failure, setFailure] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(onCode);
  latest.current = onCode;

  useEffect(() => {
    let live = true;
    if (!navigator.mediaDevices?.enumerateDevices) return;
    void navigator.mediaDevices
      .enumerateDevices()
      .then((devices) => live && setHasCamera(devices.some((d) => d.kind === 'videoinput')))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!on || !video.current) return;
    const element = video.current;
    let scanner: QrScannerType | undefined;
    let stopped = false;
    let last = { code: '', at: 0 };
    // Without the browser's own barcode reader, qr-scanner decodes in a worker made from a blob:
    // address; a Content-Security-Policy without `worker-src blob:` blocks it silently.
    const blocked = (e: SecurityPolicyViolationEvent) => {
      if (!e.blockedURI.startsWith('blob')) return;
      setFailure(
        'This site’s security settings stop the camera scanner from reading codes. Type or paste the code instead.',
      );
      setOn(false);
    };
    document.addEventListener('securitypolicyviolation', blocked);
    void import('qr-scanner')
      .then(async ({ default: QrScanner }) => {
        if (stopped) return;
        scanner = new QrScanner(
          element,
          ({ data }) => {
            const now = Date.now();
            if (data === last.code && now - last.at < REPEAT_MS) return;
            last = { code: data, at: now };
            latest.current(data);
          },
          { returnDetailedScanResult: true, highlightScanRegion: true },
        );
        await scanner.start();
      })
      .catch((error: unknown) => {
        setFailure(
          `The camera could not be started (${String(error)}). Type or paste the code instead.`,
        );
        setOn(false);
      });
    return () => {
      stopped = true;
      document.removeEventListener('securitypolicyviolation', blocked);
      scanner?.destroy();
    };
  }, [on]);

  if (!hasCamera) return null;
  return (
    <div className="camera-scanner">
      <button
        type="button"
        className="button"
        aria-pressed={on}
        onClick={() => {
          setFailure(undefined);
          setOn((value) => !value);
        }}
      >
        {on ? 'Stop the camera' : 'Scan with the camera'}
      </button>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {on && (
        // The scanner draws over the live picture; the result is announced by the page.
        <video ref={video} className="camera-video" muted playsInline aria-label="Camera" />
      )}
    </div>
  );
}
