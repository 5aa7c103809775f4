import type { FieldError } from '../../platform/errors.js';

/** An uploaded proof of progress, kept once on disk under its SHA-256 and described on the update. */
export interface EvidenceFile {
  /** SHA-256 of the bytes, lower-case hex: anyone can check the file they download. */
  sha256: string;
  size: number;
  mediaType: string;
  /** The name it was uploaded with, for the download. */
  name: string;
}

/** Evidence is a report, a photo, a spreadsheet: 10 MB is plenty and keeps the server's disk in check. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

type Signature = (head: Uint8Array) => boolean;

const startsWith =
  (...bytes: number[]): Signature =>
  (head) =>
    bytes.every((b, i) => head[i] === b);
const ZIP = startsWith(0x50, 0x4b, 0x03, 0x04);
const OLE = startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const WEBP: Signature = (head) => startsWith(0x52, 0x49, 0x46, 0x46)(head) && String.fromCharCode(...head.subarray(8, 12)) === 'WEBP';
// Text has no NUL byte; the head is enough to tell a binary file renamed .txt or .csv.
const TEXT: Signature = (head) => !head.includes(0);

/**
 * The accepted kinds, by extension: the type a browser declares is unreliable (a CSV arrives as
 * application/vnd.ms-excel from some systems, anything as application/octet-stream), so the extension
 * names the type and the first bytes must agree with it. No HTML or SVG: they could run scripts.
 */
const ACCEPTED: Readonly<Record<string, { mediaType: string; signature: Signature }>> = {
  pdf: { mediaType: 'application/pdf', signature: startsWith(0x25, 0x50, 0x44, 0x46, 0x2d) },
  png: { mediaType: 'image/png', signature: startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  jpg: { mediaType: 'image/jpeg', signature: startsWith(0xff, 0xd8, 0xff) },
  jpeg: { mediaType: 'image/jpeg', signature: startsWith(0xff, 0xd8, 0xff) },
  gif: { mediaType: 'image/gif', signature: startsWith(0x47, 0x49, 0x46, 0x38) },
  webp: { mediaType: 'image/webp', signature: WEBP },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', signature: ZIP },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', signature: ZIP },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', signature: ZIP },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', signature: ZIP },
  ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', signature: ZIP },
  odp: { mediaType: 'application/vnd.oasis.opendocument.presentation', signature: ZIP },
  doc: { mediaType: 'application/msword', signature: OLE },
  xls: { mediaType: 'application/vnd.ms-excel', signature: OLE },
  ppt: { mediaType: 'application/vnd.ms-powerpoint', signature: OLE },
  csv: { mediaType: 'text/csv', signature: TEXT },
  txt: { mediaType: 'text/plain', signature: TEXT },
};

export const ACCEPTED_EVIDENCE_EXTENSIONS = Object.keys(ACCEPTED);

/** How many first bytes `evidenceTypeOf` needs to see. */
export const EVIDENCE_HEAD_BYTES = 4096;

/**
 * The media type the file is stored and served with, from its extension checked against its first
 * bytes; or the error to show. A file whose content does not match its extension is refused.
 */
export function evidenceTypeOf(name: string, head: Uint8Array): { ok: true; mediaType: string } | { ok: false; error: FieldError } {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const accepted = extension ? ACCEPTED[extension] : undefined;
  const list = ACCEPTED_EVIDENCE_EXTENSIONS.join(', ');
  if (!accepted) {
    return { ok: false, error: { field: 'file', code: 'file_type_not_accepted', message: `Evidence files are PDF, images, office documents, CSV or text (${list}).` } };
  }
  if (head.length === 0) return { ok: false, error: { field: 'file', code: 'empty_file', message: 'The file is empty.' } };
  if (!accepted.signature(head)) {
    return { ok: false, error: { field: 'file', code: 'file_type_not_accepted', message: `The file's content is not that of a .${extension} file.` } };
  }
  return { ok: true, mediaType: accepted.mediaType };
}

export const fileTooLarge = (): FieldError => ({
  field: 'file',
  code: 'file_too_large',
  message: `An evidence file is at most ${MAX_EVIDENCE_BYTES / (1024 * 1024)} MB.`,
});

/** The name as uploaded, without any folder a browser may prepend, control characters or excess length. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'evidence').slice(-200);
}

/** RFC 6266: an ASCII fallback name and the real one in UTF-8, so accents survive the download. */
export function attachmentHeader(name: string): string {
  const fallback = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'evidence';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
