/**
 * A video file for Chromium's fake camera (`--use-file-for-fake-video-capture`) showing a QR code:
 * the text is drawn with `qrcode`, placed on a white frame with sharp and written as Y4M (YUV 4:2:0,
 * limited range), which Chromium loops for as long as the camera is open.
 */
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import sharp from 'sharp';

export async function qrY4m(text: string, file: string, opts: { width?: number; height?: number; qrSize?: number; frames?: number } = {}) {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const qrSize = opts.qrSize ?? 440;
  const png = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 2, width: qrSize });
  const gray = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: png, gravity: 'centre' }])
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = gray.info.channels;
  const y = Buffer.alloc(width * height);
  for (let i = 0; i < width * height; i++) y[i] = 16 + Math.round((gray.data[i * channels]! * 219) / 255);
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: opts.frames ?? 2 }, () => frame)]));
  return file;
}
