/**
 * Reads QR codes from the phone's camera: the browser's own BarcodeDetector where it has one (Android
 * Chrome), else jsQR decoding frames of the video stream drawn on a canvas — loaded only then.
 * (ZXing's JavaScript port was tried first: on clean frames of dense pass tokens, QR version 18, it
 * missed about one code in five; jsQR read every one.)
 */
export interface Scanner {
  stop(): void;
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> };

/** Frames are decoded at most this wide: enough for a pass's QR code at arm's length, and quick on a low-end phone. */
const DECODE_WIDTH = 960;
const EVERY_MS = 120;

async function nativeDetector(): Promise<Detector | null> {
  const D = (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!D) return null;
  try {
    return (await D.getSupportedFormats()).includes('qr_code') ? new D({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** A decoder of one video frame: the native detector, or jsQR over the frame drawn on a canvas. */
async function frameDecoder(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
  const detector = await nativeDetector();
  if (detector) return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    const w = Math.round(video.videoWidth * scale);
    const h = Math.round(video.videoHeight * scale);
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    ctx.drawImage(video, 0, 0, w, h);
    return jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  };
}

/** Starts the back camera into `video` and calls `onCode` with each QR code's text until stopped. */
export async function startScanner(video: HTMLVideoElement, onCode: (text: string) => void): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    const decode = await frameDecoder();
    video.srcObject = stream;
    await video.play();
    const tick = async () => {
      if (stopped) return;
      try {
        const text = video.readyState >= 2 && video.videoWidth ? await decode(video) : null;
        if (text && !stopped) onCode(text);
      } catch {
        // a frame that cannot be read: the next one
      }
      if (!stopped) setTimeout(() => void tick(), EVERY_MS);
    };
    void tick();
    return { stop };
  } catch (e) {
    stop();
    throw e;
  }
}
