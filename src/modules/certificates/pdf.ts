import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateView } from './certificates.js';

const STATUS_WORDS: Record<CertificateView['status'], string> = {
  active: 'En vigueur',
  suspended: 'Suspendu',
  revoked: 'Révoqué',
  superseded: 'Remplacé par un certificat plus récent',
  expired: 'Expiré',
};

const date = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const percent = (n: number | null) => (n === null ? 'non applicable' : `${n.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);

/**
 * The printable certificate: who, which level, until when, and a QR code of the verification address,
 * so that whoever holds the paper can check it is still valid. PDFKit's standard Helvetica covers the
 * French alphabet (WinAnsi), so no font is embedded.
 */
export async function renderCertificatePdf(view: CertificateView, printedAt: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(view.links.verification, { type: 'png', margin: 1, width: 360, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `Certificat d'Utilité Territoriale — ${view.organisation.name}`,
      Author: view.territory.name,
      Subject: `Niveau ${view.level.label.fr}, valable jusqu'au ${view.validUntil.slice(0, 10)}`,
      Keywords: `CUT, Pacte 21, ${view.id}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fontSize(11).fillColor('#555555').text(`Pacte 21 — ${view.territory.name}`, { align: 'left' });
  doc.moveDown(1.5);
  doc.fontSize(24).fillColor('#1a3d2f').text("Certificat d'Utilité Territoriale");
  doc.moveDown(0.5);
  doc.fontSize(16).fillColor('#000000').text(view.organisation.name);
  if (view.organisation.siren) doc.fontSize(11).fillColor('#333333').text(`SIREN ${view.organisation.siren}`);
  doc.moveDown(1);
  doc.fontSize(14).fillColor('#000000').text(`Niveau : ${view.level.label.fr}`);
  doc.fontSize(12).text(`Score : ${percent(view.scorePercent)} (référentiel version ${view.referentialVersion})`);
  doc.text(`Statut : ${STATUS_WORDS[view.status]}${view.statusReason ? ` — ${view.statusReason}` : ''}`);
  doc.moveDown(0.5);
  doc.text(`Valable du ${date(view.validFrom)} au ${date(view.validUntil)}`);
  doc.text(`Prochaine revue annuelle : ${date(view.nextUpdateDue)}`);
  doc.moveDown(1);
  doc.fontSize(12).fillColor('#1a3d2f').text('Score par domaine');
  doc.fillColor('#000000').fontSize(11);
  for (const a of view.areaScores) doc.text(`${a.title.fr} : ${percent(a.percent)}`);
  doc.moveDown(1);

  const qrTop = doc.y;
  doc.image(qr, doc.page.margins.left, qrTop, { width: 140 });
  const textLeft = doc.page.margins.left + 160;
  doc.fontSize(10).fillColor('#333333');
  doc.text('Vérifiez ce certificat : scannez le code ou ouvrez', textLeft, qrTop, { width: 320 });
  doc.fillColor('#1a3d2f').text(view.links.verification, { width: 320, link: view.links.verification, underline: true });
  doc.fillColor('#333333').moveDown(0.5);
  doc.text(`Émetteur : ${view.territory.name} (${view.territory.did})`, { width: 320 });
  doc.text(`Identifiant : ${view.id}`, { width: 320 });
  doc.text('Le certificat électronique (W3C Verifiable Credential, vc+jwt signé Ed25519) fait foi ; ce document en est une copie imprimable.', { width: 320 });
  doc.fontSize(8).fillColor('#777777').text(`Imprimé le ${date(printedAt)}.`, doc.page.margins.left, doc.page.height - doc.page.margins.bottom - 20, { lineBreak: false });
  doc.end();
  return done;
}
