import { useCallback, useRef } from 'react';

function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (HTTPS, localhost); getRandomValues everywhere (RFC 9562 v4).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One Idempotency-Key per form submission. The same values submitted again before a success (a double
 * click, a retry after a network failure) reuse the key, so the server answers with the first outcome
 * instead of paying twice; once the submission succeeded, the next one gets a new key.
 */
export function useSubmissionKey(): { keyFor: (payload: unknown) => string; settle: () => void } {
  const current = useRef<{ key: string; fingerprint: string } | null>(null);
  const keyFor = useCallback((payload: unknown) => {
    const fingerprint = JSON.stringify(payload);
    if (current.current?.fingerprint !== fingerprint) current.current = { key: randomUuid(), fingerprint };
    return current.current.key;
  }, []);
  const settle = useCallback(() => {
    current.current = null;
  }, []);
  return { keyFor, settle };
}
