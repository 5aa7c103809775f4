import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

// The demo (src/demo/certificates.ts): the bakery holds an Exemplaire certificate, the ressourcerie's was revoked.
const territory = 'amiens-metropole';
const certified = 'Fournil coopératif Le Blé d’Ici';
const revoked = 'Ressourcerie La Seconde Main';
const revocationReason = 'Les achats locaux déclarés reposaient sur des factures d’un fournisseur extérieur au territoire.';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const expectAccessible = (name: string) => expectPageAccessible(page, name);

const checkRow = (check: string) => page.getByRole('table', { name: 'Contrôles effectués' }).getByRole('row', { name: new RegExp(`^${check}`) });

/** The credential (vc+jwt) the certificate page offers for download, as the browser would save it. */
async function downloadedCredential(): Promise<string> {
  const href = await page.getByRole('link', { name: 'Le certificat signé, à vérifier partout' }).getAttribute('href');
  expect(href).toMatch(/\/credential$/);
  const response = await page.request.get(href ?? '');
  expect(response.headers()['content-type']).toContain('application/vc+jwt');
  return (await response.text()).trim();
}

describe('the certificates in public', () => {
  let credential = '';

  test('the registry lists a certified organisation, with its level and status, and finds it by name', async () => {
    await page.goto(`/t/${territory}`);
    await page.getByRole('link', { name: 'Le registre des organisations certifiées' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registre des Certificats d’Utilité Territoriale' }).waitFor();
    const table = page.getByRole('table', { name: /Organisations certifiées/ });
    const row = table.getByRole('row', { name: new RegExp(certified) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Exemplaire.*100\s%.*Valide/);
    const revokedRow = table.getByRole('row', { name: new RegExp(revoked) });
    expect(await revokedRow.textContent()).toContain(revocationReason);
    expect(await page.getByRole('link', { name: 'Télécharger le registre en CSV' }).getAttribute('href')).toBe(`/api/v1/t/${territory}/certificates/registry.csv`);
    await expectAccessible('the registry');
    await screenshot(page, 'certificates-registry');

    await page.getByLabel('Nom ou SIREN').fill('Fournil');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByLabel('Statut').selectOption({ label: 'Révoqué' });
    await page.getByText('Aucun certificat ne correspond à cette recherche.').waitFor();
  });

  test('the certificate page shows the level, the score by area, the validity, the QR code and the downloads', async () => {
    await page.goto(`/t/${territory}/certificates`);
    await page.getByRole('link', { name: certified }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(certified) }).waitFor();
    await page.getByText(/Ce certificat est valide jusqu’au/).waitFor();
    const areas = page.getByRole('table', { name: /Scores audités par domaine/ });
    expect(await areas.getByRole('row').count()).toBe(7);
    await page.getByRole('img', { name: new RegExp(`Code QR vers la page de vérification du certificat de ${certified}`) }).waitFor();
    expect(await page.getByText(/\/verify\/amiens-metropole\/[0-9a-f-]{36}/).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Le certificat en PDF/ }).getAttribute('href')).toMatch(/\/pdf$/);
    credential = await downloadedCredential();
    expect(credential.split('.')).toHaveLength(3);
    await expectAccessible('the certificate page');
    await screenshot(page, 'certificates-certificate');
  });

  test('its credential verifies as valid, from the QR link and from the downloaded file', async () => {
    await page.getByRole('link', { name: 'Vérifier ce certificat' }).click();
    await page.waitForURL(/\/verify\/amiens-metropole\//);
    await page.getByRole('heading', { level: 2, name: /Certificat valable/ }).waitFor();
    expect(await page.getByText('Le certificat est authentique, signé par son émetteur').count()).toBe(1);
    for (const check of ['Format', 'Émetteur', 'Signature', 'Dates de validité', 'Statut']) expect(await checkRow(check).textContent()).toContain('Réussi');
    await expectAccessible('the verifier, valid');
    await screenshot(page, 'certificates-verifier-valid');

    await page.goto('/verify');
    await page.getByLabel('Ou le fichier du certificat').setInputFiles({ name: 'certificat.jwt', mimeType: 'application/vc+jwt', buffer: Buffer.from(credential) });
    await page.getByText('Fichier « certificat.jwt » chargé').waitFor();
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /Certificat valable/ }).waitFor();
    expect(await page.getByRole('definition').filter({ hasText: certified }).count()).toBe(1);
  });

  test('a tampered credential pasted in the verifier is refused: the signature does not match', async () => {
    const [header, payload, signature] = credential.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { credentialSubject: { name: string } };
    claims.credentialSubject.name = 'Entreprise qui n’a jamais été certifiée';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

    await page.goto('/verify');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Le certificat signé (texte)' }).click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('verifier-credential');

    await page.getByLabel('Le certificat signé (texte)').fill(tampered);
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /Certificat non valable/ }).waitFor();
    await page.getByText('La signature ne correspond pas : le certificat a été modifié après avoir été signé.').waitFor();
    expect(await checkRow('Signature').textContent()).toContain('Échoué');
    expect(await checkRow('Statut').textContent()).toContain('Non vérifié');
    expect(await page.locator(':focus').getAttribute('id')).toBe('verification-heading');
    await expectAccessible('the verifier, tampered');
    await screenshot(page, 'certificates-verifier-tampered');
  });

  test('the revoked certificate reads as revoked in the verifier, with the public reason', async () => {
    await page.goto(`/t/${territory}/certificates?status=revoked`);
    await page.getByRole('link', { name: revoked }).click();
    await page.getByText(/Ce certificat a été révoqué le/).waitFor();
    await page.getByRole('link', { name: 'Vérifier ce certificat' }).click();
    await page.getByRole('heading', { level: 2, name: /Certificat non valable/ }).waitFor();
    await page.getByText('Ce certificat a été révoqué par son émetteur : il ne vaut plus.').waitFor();
    expect(await page.getByText(revocationReason).count()).toBeGreaterThan(0);
    expect(await checkRow('Signature').textContent()).toContain('Réussi');
    expect(await checkRow('Statut').textContent()).toContain('Échoué');
    await expectAccessible('the verifier, revoked');
    await screenshot(page, 'certificates-verifier-revoked');
  });

  test('the tax simulator gives the CET and what each level would leave of it', async () => {
    await page.goto(`/t/${territory}/certificates/tax-simulator`);
    await page.getByText('Une simulation du scénario Pacte 21, pas le droit en vigueur').waitFor();
    await page.getByLabel('Base de la CFE (€)').fill('100 000');
    await page.getByLabel('Taux de CFE de la commune (%)').fill('25,93');
    await page.getByLabel('Chiffre d’affaires hors taxes (€)').fill('5 000 000');
    await page.getByLabel('Valeur ajoutée (€)').fill('1 000 000');
    await page.getByRole('button', { name: 'Simuler' }).click();
    // The worked example of docs/certificates.md: CVAE 1,423 €, CFE 25,930 €, capped at 15,310 €.
    const cet = page.getByRole('table', { name: /Calcul de la CET/ });
    expect(await cet.getByRole('row', { name: /CET due/ }).textContent()).toMatch(/15\s310,00\s€/);
    const cut = page.getByRole('table', { name: 'CET due selon le niveau du certificat' });
    expect(await cut.getByRole('row', { name: /Engagé/ }).textContent()).toMatch(/11\s482,00\s€/);
    expect(await cut.getByRole('row', { name: /Exemplaire/ }).textContent()).toMatch(/0,00\s€$/);
    await expectAccessible('the tax simulator');
    await screenshot(page, 'certificates-simulator');
  });
});

describe('the certificates in the workspace', () => {
  /** A page signed in as a demo person, in a context of its own so that the public tests above stay anonymous. */
  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
    context.setDefaultTimeout(15_000);
    const signedInPage = await context.newPage();
    await signedInPage.goto('/sign-in');
    await signedInPage.getByLabel('Adresse électronique').fill(email);
    await signedInPage.getByLabel('Mot de passe').fill('pacte21-demo');
    await signedInPage.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await signedInPage.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return signedInPage;
  }

  test('a representative cannot submit a half-answered update: each missing answer is named and linked to its field', async () => {
    // The demo's energy cooperative has a yearly update in draft with its first eight criteria answered.
    page = await signedIn('energie@amiens-metropole.demo');
    await page.goto(`/workspace/${territory}/certificates`);
    await page.getByRole('link', { name: 'Continuer la demande' }).click();
    await page.getByRole('heading', { level: 2, name: 'Votre auto-évaluation' }).waitFor();
    await page.getByText('8 critères renseignés sur 23.').waitFor();
    await page.getByRole('button', { name: 'Enregistrer et transmettre' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Certains champs sont à corriger.' });
    await summary.getByRole('link', { name: 'TRA-4 — statut' }).waitFor();
    expect(await summary.getByRole('listitem').count()).toBe(15);
    await summary.getByRole('link', { name: 'TRA-4 — statut' }).click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('application-answers.TRA-4.status');
    await page.getByRole('group', { name: /Votre évaluation du critère TRA-4/ }).getByLabel('Atteint', { exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon enregistré.').waitFor();
    await page.getByText('9 critères renseignés sur 23.').waitFor();
    await expectAccessible('the application form');
    await screenshot(page, 'certificates-application');
  });

  test('an auditor finds the applications to review and reads one, with the applicant’s evidence and the platform’s measures', async () => {
    page = await signedIn('auditrice@amiens-metropole.demo');
    await page.goto(`/workspace/${territory}/certificates`);
    const applications = page.getByRole('table', { name: /demandes?$/ });
    await applications.getByRole('row', { name: /Service intercommunal des déchets/ }).waitFor();
    await expectAccessible('the certificates workspace of an auditor');
    await applications.getByRole('link', { name: /Instruire — Association Le Grain/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Instruction' }).waitFor();
    await page.getByRole('button', { name: 'Commencer l’instruction' }).waitFor();
    expect(await page.getByText(/Mesure de la plateforme \(/).count()).toBeGreaterThan(0);
    await expectAccessible('the auditor’s review');
    await screenshot(page, 'certificates-review');
  });

  test('a facilitator sets the CET rates: a wrong rate is named beside its field, the simulator then uses the new rates, and the shipped ones come back', async () => {
    page = await signedIn('facilitatrice@amiens-metropole.demo');
    await page.goto(`/workspace/${territory}/certificates/settings`);
    await page.getByRole('heading', { level: 2, name: 'Taux de la CET utilisés (2026)' }).waitFor();
    await page.getByText('Les taux fournis avec Pacte 21 (lois de finances pour 2024 et 2025).').waitFor();
    // The 2026 finance bill as tabled: maximum 0.19 %, plafonnement 1.438 %; one rate mistyped.
    await page.getByLabel('Taux au-delà de 50 M€ (%)').fill('0,19');
    await page.getByLabel('Plafonnement en part de la valeur ajoutée (%)').fill('1,438');
    await page.getByLabel('Taux de 500 k€ à 3 M€ de chiffre d’affaires (%)').fill('0,0945');
    await page.getByLabel('Source des taux').fill('Projet de loi de finances pour 2026, art. 11, tel que déposé');
    await page.getByRole('button', { name: 'Enregistrer les taux' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Certains champs sont à corriger.' });
    await summary.getByRole('link', { name: /Taux de 500 k€ à 3 M€/ }).click();
    const band1 = page.getByLabel('Taux de 500 k€ à 3 M€ de chiffre d’affaires (%)');
    expect(await page.locator(':focus').getAttribute('id')).toBe('rates-taxRates.cvae.band1Pcm');
    expect(await band1.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#rates-taxRates\\.cvae\\.band1Pcm-error').filter({ hasText: 'Indiquez un taux en %, de 0 à 1,5, avec trois décimales au plus.' }).waitFor();
    await expectAccessible('the CET rates form with an error');
    await screenshot(page, 'certificates-rates-error');

    await band1.fill('0,094');
    await page.getByRole('button', { name: 'Enregistrer les taux' }).click();
    await page.getByText('Taux enregistrés : le simulateur les utilise désormais.').waitFor();
    await page.getByText('Des taux propres au territoire ont été enregistrés.').waitFor();

    // The worked example of the public test, now capped at 1.438 % of the value added: 14,380 €.
    await page.goto(`/t/${territory}/certificates/tax-simulator`);
    await page.getByLabel('Base de la CFE (€)').fill('100 000');
    await page.getByLabel('Taux de CFE de la commune (%)').fill('25,93');
    await page.getByLabel('Chiffre d’affaires hors taxes (€)').fill('5 000 000');
    await page.getByLabel('Valeur ajoutée (€)').fill('1 000 000');
    await page.getByRole('button', { name: 'Simuler' }).click();
    const cet = page.getByRole('table', { name: /Calcul de la CET/ });
    expect(await cet.getByRole('row', { name: /CET due/ }).textContent()).toMatch(/14\s380,00\s€/);
    await page.getByText('Projet de loi de finances pour 2026, art. 11, tel que déposé').waitFor();

    await page.goto(`/workspace/${territory}/certificates/settings`);
    await page.getByRole('button', { name: 'Revenir aux taux fournis avec Pacte 21' }).click();
    await page.getByRole('button', { name: 'Oui, rétablir les taux fournis' }).click();
    await page.getByText('Les taux fournis avec Pacte 21 sont rétablis.').waitFor();
    expect(await page.getByLabel('Plafonnement en part de la valeur ajoutée (%)').inputValue()).toBe('1,531');
    await screenshot(page, 'certificates-rates');
  });
});
