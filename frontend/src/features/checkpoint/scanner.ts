/**
 * Reads QR codes from the phone's camera: the browser's own BarcodeDetector where it has one (Android
 * Chrome), else ZXing (@zxing/browser) decoding frames of the video stream — loaded only then.
 */
export interface Scanner {
  stop(): void;
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> };

async function nativeDetector(): Promise<Detector | null> {
  const D = (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!D) return null;
  try {
    return (await D.getSupportedFormats()).includes('qr_code') ? new D({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** Starts the back camera into `video` and calls `onCode` with each QR code's text until stopped. */
export async function startScanner(video: HTMLVideoElement, onCode: (text: string) => void): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  let stopped = false;
  const release = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    const detector = await nativeDetector();
    if (detector) {
      video.srcObject = stream;
      await video.play();
      const tick = async () => {
        if (stopped) return;
        try {
          const [hit] = await detector.detect(video);
          if (hit?.rawValue) onCode(hit.rawValue);
        } catch {
          // a frame not ready yet
        }
        setTimeout(() => void tick(), 150);
      };
      void tick();
      return { stop: release };
    }
    const { BrowserQRCodeReader } = await import('@zxing/browser');
    const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150 });
    const controls = await reader.decodeFromStream(stream, video, (result) => {
      if (result && !stopped) onCode(result.getText());
    });
    return {
      stop() {
        controls.stop();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
