import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const facilitator = { email: 'facilitatrice@amiens-metropole.demo', password: 'pacte21-demo' };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const expectAccessible = (name: string) => expectPageAccessible(page, name);

function heading1(name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('public portal and workspace', () => {
  test('shows the territory portal in French, then in English after the language switch', async () => {
    await page.goto(`/t/${territorySlug}`);
    await heading1('Amiens Métropole').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('heading', { level: 2, name: 'Partenaires par type' }).waitFor();
    await page.getByText('Code INSEE', { exact: true }).waitFor();
    await page.getByText('Intercommunalité (EPCI)').waitFor();
    expect(await page.title()).toBe('Amiens Métropole — Pacte 21');
    await screenshot(page, 'portal-fr');
    await expectAccessible('the territory portal');

    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Partners by kind' }).waitFor();
    await page.getByText('INSEE code', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: /^EN/ }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'portal-en');

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Partners by kind' }).waitFor();

    await page.getByRole('button', { name: /^FR/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Partenaires par type' }).waitFor();
  });

  test('refuses a wrong password with an explained error', async () => {
    await page.getByRole('link', { name: 'Se connecter', exact: true }).click();
    await heading1('Se connecter').waitFor();
    await expectAccessible('the sign-in page');
    await page.getByLabel('Adresse électronique').fill(facilitator.email);
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('alert').getByText('Adresse électronique ou mot de passe incorrect.').waitFor();
    await screenshot(page, 'sign-in-refused');
  });

  test('signs the facilitator in and reaches the organisations of the workspace', async () => {
    await page.getByLabel('Mot de passe').fill(facilitator.password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    // Signing in from the portal comes back to it, now with the way into the workspace.
    await page.getByRole('link', { name: 'Ouvrir mon espace de travail' }).click();
    await heading1('Mon espace').waitFor();
    await page.getByText('Animation du territoire').first().waitFor();
    await screenshot(page, 'workspace-home');

    await page.getByRole('navigation', { name: /Espace de travail/ }).getByRole('link', { name: 'Organisations' }).click();
    await heading1('Organisations').waitFor();
    expect(page.url()).toBe(`${server.baseUrl}/workspace/${territorySlug}/organisations`);
    expect(await page.title()).toBe('Organisations — Amiens Métropole — Pacte 21');
    await page.getByRole('link', { name: 'Ajouter une organisation' }).waitFor();
    await screenshot(page, 'workspace-organisations');
    await expectAccessible('the workspace organisations page');
  });

  test('refuses an organisation with an invalid SIRET beside the field, then creates it', async () => {
    await page.getByRole('link', { name: 'Ajouter une organisation' }).click();
    await heading1('Ajouter une organisation').waitFor();
    await page.getByLabel('Nom').fill('Boulangerie du Beffroi');
    await page.getByLabel('SIRET').fill('12345678901234');
    await page.getByRole('button', { name: 'Ajouter l’organisation' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'SIRET' }).waitFor();
    const siret = page.getByLabel('SIRET');
    expect(await siret.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await siret.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).innerText()).toContain('SIRET');
    await screenshot(page, 'organisation-invalid-siret');

    await siret.fill('21800021700016');
    await page.getByRole('button', { name: 'Ajouter l’organisation' }).click();
    await heading1('Boulangerie du Beffroi').waitFor();
    await page.getByRole('status').getByText('a été ajoutée').waitFor();
  });

  test('rejects a faulty CSV file row by row and creates nothing, then imports a correct one', async () => {
    await page.goto(`/workspace/${territorySlug}/organisations/import`);
    await heading1('Importer des organisations (CSV)').waitFor();
    const header = 'name,kind,siret,naf_code,address,commune_insee,latitude,longitude';
    const faulty = `${header}\nRessourcerie,association,44201133000010,,,80021,,\nGarage,business,123,99.99Z,,,,\n`;
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'faulty.csv', mimeType: 'text/csv', buffer: Buffer.from(faulty) });
    await page.getByRole('button', { name: 'Importer' }).click();
    const errors = page.getByRole('table', { name: /erreurs dans le fichier/ });
    await errors.waitFor();
    await page.getByText('Aucune organisation n’a été créée.').waitFor();
    expect(await errors.getByRole('row').count()).toBe(3);
    expect(await errors.getByRole('rowheader').allInnerTexts()).toEqual(['2', '2']);
    await screenshot(page, 'import-rejected');
    await expectAccessible('the CSV import with errors');

    const correct = `${header}\nRessourcerie,association,44201133000010,,,80021,,\nCollectif vélo,citizen_collective,,,,80164,49.9,2.35\n`;
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'correct.csv', mimeType: 'text/csv', buffer: Buffer.from(correct) });
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByRole('status').getByText('2 organisations ont été créées.').waitFor();
  });
});
