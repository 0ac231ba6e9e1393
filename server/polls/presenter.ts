import QRCode from 'qrcode';

/** The short address people type or scan to reach a poll from a meeting room. */
export function joinUrl(origin: string, pollId: number) {
  return `${origin.replace(/\/$/, '')}/p/${pollId}`;
}

/**
 * The join address as an SVG QR code, drawn on the server so that the
 * presenter view needs no script. Medium error correction survives a
 * projector's glare and a phone held at an angle.
 */
export function joinQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}
