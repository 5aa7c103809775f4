import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, newPage, screenshot, signInOn, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const operator = { email: 'operateur-monnaie@amiens-metropole.demo', password: 'pacte21-demo' };
const workspace = `/workspace/${territorySlug}`;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const contexts: BrowserContext[] = [];

const expectAccessible = (name: string) => expectPageAccessible(page, name);

function heading1(name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

/** The amount shown in a fact box (`<dt>` label, `<dd>` value), as a number of cents. */
async function factInCents(label: string): Promise<number> {
  const text = await page.locator('dl.facts > div').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd').innerText();
  return Math.round(Number(text.replace(/[^\d,]/g, '').replace(',', '.')) * 100);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
});

afterAll(async () => {
  for (const other of contexts) await other.close();
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('local currency', () => {
  test('shows the public proof of reserve as a chart, a table and a CSV file, with the rules in plain words', async () => {
    await page.goto(`/t/${territorySlug}`);
    await page.getByRole('link', { name: 'Preuve de réserve et règles de la monnaie locale' }).click();
    await heading1('Le Grain, la monnaie locale').waitFor();
    expect(await page.title()).toBe('Le Grain, la monnaie locale — Amiens Métropole — Pacte 21');
    await page.getByText('La réserve couvre toute la monnaie en circulation').waitFor();
    await page.getByRole('img', { name: /^Graphique : réserve en euros et monnaie en circulation/ }).locator('svg').waitFor();
    const table = page.getByRole('table', { name: /Réserve en euros et monnaie en circulation/ });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Jour', 'Réserve en euros', 'Monnaie en circulation']);
    expect(await table.getByRole('rowheader').count()).toBeGreaterThan(0);
    await page.getByText('commission de 5 %').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Télécharger les données/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^amiens-metropole-proof-of-reserve-\d{4}-\d{2}-\d{2}\.csv$/);
    await screenshot(page, 'currency-proof-of-reserve');
    await expectAccessible('the proof of reserve');
  });

  test('lists the organisations that accept the currency and the time-bank directory', async () => {
    await page.goto(`/t/${territorySlug}/currency/directory`);
    await heading1('Où payer en GRAIN').waitFor();
    await page.getByLabel('Catégorie').selectOption('food');
    await expectAccessible('the directory of organisations accepting the currency');
    await page.goto(`/t/${territorySlug}/time-bank`);
    await heading1('Banque de temps').waitFor();
    await page.getByRole('heading', { level: 2, name: /annonce|Annonces/ }).waitFor();
    await expectAccessible('the time-bank directory');
  });

  test('signs the currency operator in and shows their wallet', async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Adresse électronique').fill(operator.email);
    await page.getByLabel('Mot de passe').fill(operator.password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await heading1('Espace de travail').waitFor();
    await page.goto(workspace);
    await page.getByRole('navigation', { name: /Espace de travail/ }).getByRole('link', { name: 'Portefeuille' }).click();
    await heading1('Portefeuille').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Soldes' }).waitFor();
    await page.getByText('Le Grain (monnaie locale)').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Payer' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    await screenshot(page, 'currency-wallet');
    await expectAccessible('the wallet');
  });

  test('issues currency to an organisation from the operator console, and the reserve follows', async () => {
    await page.getByRole('navigation', { name: /Espace de travail/ }).getByRole('link', { name: 'Console de la monnaie' }).click();
    await heading1('Console de la monnaie').waitFor();
    const before = await factInCents('Monnaie en circulation');
    await expectAccessible('the operator console');

    await page.getByRole('button', { name: 'Émettre', exact: true }).click();
    await page.getByRole('alert').getByText('Certains champs sont à corriger.').waitFor();
    const amount = page.getByLabel(/^Montant \*$/);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');

    await page.locator('#issue-to').selectOption({ label: 'Fournil coopératif Le Blé d’Ici — Amiens' });
    await amount.fill('250,00');
    await page.getByLabel('Libellé').first().fill('Virement du marché');
    await page.getByRole('button', { name: 'Émettre', exact: true }).click();
    await page.getByRole('status').getByText('250,00 GRAIN émis pour Fournil coopératif Le Blé d’Ici').waitFor();
    await expect.poll(() => factInCents('Monnaie en circulation')).toBe(before + 25_000);
    expect(await factInCents('Réserve en euros')).toBe(before + 25_000);
    await screenshot(page, 'currency-issued');
    await expectAccessible('the operator console after an issuance');
  });

  test('opens the other operator pages and the member pages without accessibility faults', async () => {
    const pages: [string, string][] = [
      [`${workspace}/currency-operator/accounts`, 'Comptes des membres'],
      [`${workspace}/currency-operator/settings`, 'Règles de la monnaie'],
      [`${workspace}/currency-operator/books`, 'Comptabilité et fonte'],
      [`${workspace}/salary-share`, 'Part du salaire en monnaie locale'],
      [`${workspace}/payroll`, 'Conversion de la paie'],
      [`${workspace}/time-bank`, 'Banque de temps'],
      [`${workspace}/payment-requests`, 'Demandes de paiement'],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      await heading1(title).waitFor();
      await expect.poll(() => page.getByText('Chargement…').count()).toBe(0);
      await expectAccessible(title);
    }
  });

  test('shows in the wallet the hold the ledger released when nobody confirmed a time-bank exchange', async () => {
    // The demo (src/demo/currency-time-bank.ts): Hugo Lemaire proposed 45 minutes to Emma Roussel 45 days ago.
    const emma = await signInOn(await newPage(browser, server, contexts), 'fournil-equipe@amiens-metropole.demo');
    await emma.goto(`${workspace}/wallet`);
    await emma.getByRole('heading', { level: 1, name: 'Portefeuille' }).waitFor();
    await emma.getByLabel('Compte').selectOption({ label: 'Heures de la banque de temps' });
    await emma.getByRole('row', { name: /expiré/ }).first().waitFor();
    await expectPageAccessible(emma, 'the wallet with an expired hold');
  });

  test("converts a bakery payroll: preview, confirm with a progress bar while it runs, then the report", async () => {
    // The demo bakery (src/demo/currency.ts): Thomas Dupuis, its representative, takes 5 % of his salary in
    // Grains and Emma Roussel 10 %. January 2020 is long before the demo's payrolls.
    const baker = await signInOn(await newPage(browser, server, contexts), 'fournil@amiens-metropole.demo');
    await baker.goto(`${workspace}/payroll`);
    await baker.getByRole('heading', { level: 1, name: 'Conversion de la paie' }).waitFor();
    await baker.getByLabel(/^Mois de paie/).fill('2020-01');
    const csv = 'employee_email,net_salary\nfournil@amiens-metropole.demo,2100.00\nfournil-equipe@amiens-metropole.demo,1680.00\n';
    await baker.getByLabel(/^Fichier de paie \(CSV\)/).setInputFiles({ name: 'paie-janvier.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await baker.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await baker.getByRole('heading', { level: 3, name: 'Aperçu : paie de janvier 2020' }).waitFor();

    // The conversion is held back a moment on its way to the server, so that the wait can be seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await baker.route('**/payroll/runs?**', async (route) => {
      await held;
      await route.continue();
    });
    await baker.getByRole('button', { name: /^Confirmer la conversion de 273,00/ }).click();
    await baker.getByRole('progressbar', { name: 'Conversion : préparation de la paie…' }).waitFor();
    await screenshot(baker, 'currency-payroll-converting');
    await expectPageAccessible(baker, 'the payroll page while a conversion runs');
    release();

    await baker.getByRole('heading', { level: 3, name: 'Rapport : paie de janvier 2020' }).waitFor();
    await baker.getByRole('status').getByText(/^Conversion enregistrée : 273,00\s€ versés à la réserve, 2 salariés payés en monnaie locale\.$/).waitFor();
    expect(await baker.getByRole('progressbar').count()).toBe(0);
    const report = baker.getByRole('table', { name: /^2 lignes converties, paie de janvier 2020/ });
    expect(await report.locator('tbody').getByRole('rowheader').allInnerTexts()).toEqual(['Thomas Dupuis', 'Emma Roussel']);
    await baker.getByRole('table', { name: /Paies déjà converties/ }).getByRole('rowheader', { name: 'janvier 2020' }).waitFor();
    await screenshot(baker, 'currency-payroll-converted');
    await expectPageAccessible(baker, 'the payroll report');
  });

  test('creates a payment request shown as a QR code, whose public page names the amount', async () => {
    await page.goto(`${workspace}/payment-requests`);
    await page.getByLabel('Montant').fill('12,50');
    await page.getByRole('button', { name: 'Créer la demande' }).click();
    await page.getByRole('img', { name: /QR code de la demande de paiement de 12,50 GRAIN/ }).waitFor();
    await screenshot(page, 'currency-payment-request');
    await expectAccessible('a payment request with its QR code');
    const link = await page.getByLabel('Lien de la demande').inputValue();
    await page.goto(link);
    await heading1('Demande de paiement').waitFor();
    await page.getByText('12,50 GRAIN').first().waitFor();
    await page.getByText('C’est votre propre demande').waitFor();
    await expectAccessible('the public page of a payment request');
  });
});
