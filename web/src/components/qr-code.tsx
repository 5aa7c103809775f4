import { useEffect, useState } from 'react';
import { Loading } from './query-state';

/** A QR code of `text` (a link to scan with a phone); `label` says what it opens, for whoever cannot see it. */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const [image, setImage] = useState<{ text: string; src: string } | null>(null);
  useEffect(() => {
    let current = true;
    // Loaded on demand: only the pages that show a code pay for the encoder.
    void import('qrcode')
      .then(({ toDataURL }) => toDataURL(text, { margin: 2, width: size, errorCorrectionLevel: 'M' }))
      .then((src) => {
        if (current) setImage({ text, src });
      });
    return () => {
      current = false;
    };
  }, [text, size]);
  if (image?.text !== text) return <Loading />;
  return <img className="qr-code" src={image.src} alt={label} width={size} height={size} />;
}
