import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, type TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { attachmentHeader, cleanFileName, evidenceTypeOf, MAX_EVIDENCE_BYTES } from './evidence-model.js';
import { clientAs, signedPact } from './test-factories.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** A multipart/form-data body as a browser sends it: the fields first, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }): { body: Buffer; contentType: string } {
  const boundary = '----pacte21test' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under the evidence directory, staging included. */
function storedFiles(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => e.name) : [];
}

describe('evidence files', () => {
  it('takes the type from the extension and refuses content that does not match it', () => {
    expect(evidenceTypeOf('rapport.PDF', PDF)).toEqual({ ok: true, mediaType: 'application/pdf' });
    expect(evidenceTypeOf('photo.png', PNG)).toEqual({ ok: true, mediaType: 'image/png' });
    expect(evidenceTypeOf('tableau.csv', Buffer.from('a,b\n1,2\n'))).toEqual({ ok: true, mediaType: 'text/csv' });
    expect(evidenceTypeOf('page.html', Buffer.from('<html>'))).toMatchObject({ ok: false, error: { code: 'file_type_not_accepted' } });
    expect(evidenceTypeOf('faux.pdf', Buffer.from('<script>alert(1)</script>'))).toMatchObject({ ok: false, error: { code: 'file_type_not_accepted' } });
    expect(evidenceTypeOf('binaire.txt', Buffer.from([0x41, 0x00, 0x42]))).toMatchObject({ ok: false, error: { code: 'file_type_not_accepted' } });
    expect(evidenceTypeOf('vide.txt', Buffer.alloc(0))).toMatchObject({ ok: false, error: { code: 'empty_file' } });
  });

  it('keeps a clean name and offers it for download in ASCII and in UTF-8', () => {
    expect(cleanFileName('C:\\Users\\x\\Bilan été.pdf')).toBe('Bilan été.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(attachmentHeader('Bilan "été".pdf')).toBe(`attachment; filename="Bilan _ete_.pdf"; filename*=UTF-8''Bilan%20%22%C3%A9t%C3%A9%22.pdf`);
  });
});

describeEachDatabase('pact: evidence uploads', (ctx) => {
  let app: App;
  let dir: string;
  let t: Awaited<ReturnType<typeof signedPact>>;
  let commitmentId: string;
  let sophie: TestClient;
  const upload = (client: TestClient, form: ReturnType<typeof multipart>) =>
    client.request('POST', `/api/v1/t/${t.slug}/commitments/${commitmentId}/evidence`, form.body, { 'content-type': form.contentType });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-evidence-'));
    app = await createTestApp(ctx.handle, { evidenceDir: dir, lateSweepMinutes: 0 });
    t = await signedPact(app);
    commitmentId = (await app.services.commitments.make(t.as('recyclingRep'), t.slug, { ownerOrganisationId: t.organisations.recycling, statement: 'Recycler 500 t', milestoneDate: '2030-01-01' })).id;
    sophie = await clientAs(app, t.slug, t.people.recyclingRep);
  });
  afterEach(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an uploaded file once under its SHA-256, shows the hash in the history and serves the bytes as an attachment', async () => {
    const response = await upload(sophie, multipart({ progress: '40', note: 'Bilan du semestre' }, { name: 'Bilan été.pdf', type: 'application/octet-stream', bytes: PDF }));
    expect(response.statusCode).toBe(201);
    const update = response.json().updates.at(-1);
    expect(update).toMatchObject({ progress: 40, note: 'Bilan du semestre', evidenceFile: { sha256: sha256(PDF), size: PDF.length, mediaType: 'application/pdf', name: 'Bilan été.pdf' } });

    const history = (await sophie.get(`/api/v1/t/${t.slug}/commitments/${commitmentId}`)).json();
    expect(history.updates.at(-1).evidenceFile.sha256).toBe(sha256(PDF));
    const download = await app.http.inject({ method: 'GET', url: history.updates.at(-1).evidenceDownloadPath });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Bilan ete.pdf"; filename*=UTF-8''Bilan%20%C3%A9t%C3%A9.pdf`);
    expect(download.headers['etag']).toBe(`"${sha256(PDF)}"`);
    expect(sha256(download.rawPayload)).toBe(sha256(PDF));

    // The same bytes again: a second update, one file on disk.
    expect((await upload(sophie, multipart({ progress: '50' }, { name: 'copie.pdf', type: 'application/pdf', bytes: PDF }))).statusCode).toBe(201);
    expect(storedFiles(dir)).toEqual([sha256(PDF)]);
    expect((await app.http.inject({ method: 'GET', url: `/api/v1/t/${t.slug}/commitments/${commitmentId}/updates/${history.updates.at(-1).id}x/evidence` })).statusCode).toBe(404);
  });

  it('refuses a file too large, of another kind, missing, or from someone who may not report, and keeps nothing', async () => {
    const before = (await sophie.get(`/api/v1/t/${t.slug}/commitments/${commitmentId}`)).json();
    const tooLarge = await upload(sophie, multipart({ progress: '40' }, { name: 'scan.pdf', type: 'application/pdf', bytes: Buffer.concat([PDF, Buffer.alloc(MAX_EVIDENCE_BYTES)]) }));
    expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([422, 'file_too_large']);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');
    const wrongKind = await upload(sophie, multipart({}, { name: 'page.html', type: 'text/html', bytes: Buffer.from('<html><script></script></html>') }));
    expect([wrongKind.statusCode, wrongKind.json().code]).toEqual([422, 'file_type_not_accepted']);
    const disguised = await upload(sophie, multipart({}, { name: 'photo.png', type: 'image/png', bytes: PDF }));
    expect(disguised.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'file_type_not_accepted' })]);
    const badFields = await upload(sophie, multipart({ progress: 'beaucoup', status: 'fini' }, { name: 'ok.pdf', type: 'application/pdf', bytes: PDF }));
    expect(badFields.json().errors.map((e: { field: string }) => e.field)).toEqual(['progress', 'status']);
    expect((await upload(sophie, multipart({ progress: '40' }))).json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
    const julien = await clientAs(app, t.slug, t.people.ressourcerieRep);
    expect((await upload(julien, multipart({}, { name: 'ok.pdf', type: 'application/pdf', bytes: PDF }))).statusCode).toBe(403);

    expect(storedFiles(dir)).toEqual([]);
    expect((await sophie.get(`/api/v1/t/${t.slug}/commitments/${commitmentId}`)).json()).toEqual(before);
  });
});
