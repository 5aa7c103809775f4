import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible as expectPageAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const expectAccessible = () => expectPageAccessible(page, 'the Pact pages');

describe('the public Pact', () => {
  test('from the territory to the Pact, a task force, a commitment and its history, then the chronicle', async () => {
    await page.goto('/t/amiens-metropole');
    await page.getByRole('heading', { level: 1, name: 'Amiens Métropole' }).waitFor();
    await page.getByRole('link', { name: 'Le Pacte : vision, signataires et avancement' }).click();

    await page.getByRole('heading', { level: 1, name: 'Pacte 21 de l’Amiénois' }).waitFor();
    await page.getByText('2026–2031').waitFor();
    await page.getByRole('table', { name: 'Objectifs de la vision' }).waitFor();
    await page.getByRole('table', { name: 'Nombre de signataires par type d’acteur' }).waitFor();
    await page.getByRole('progressbar', { name: /Avancement global : \d+ % réalisé/ }).waitFor();
    const openData = page.getByRole('region', { name: 'Données ouvertes' });
    for (const [name, file, type] of [['Engagements (CSV)', 'commitments.csv', 'text/csv'], ['Task Forces (JSON)', 'task-forces.json', 'application/json']] as const) {
      const href = (await openData.getByRole('link', { name }).getAttribute('href')) ?? '';
      expect(href).toBe(`/api/v1/t/amiens-metropole/open-data/${file}`);
      const response = await page.request.get(href);
      expect([response.status(), response.headers()['content-type']?.split(';')[0]]).toEqual([200, type]);
    }
    await expectAccessible();
    await screenshot(page, 'pact');

    await page.getByRole('link', { name: 'Les versions de la vision et ce qui a changé' }).click();
    // The demo's workshops published version 3, with their reason.
    await page.getByRole('heading', { level: 2, name: 'Ce qui a changé de la version 2 à la version 3' }).waitFor();
    await page.getByText('Cible : 30 → 35').waitFor();
    await page.getByText('Un repair café dans chaque commune').first().waitFor();
    await page.getByRole('cell', { name: /^Les ateliers relèvent l’objectif d’alimentation locale .*\(ateliers \d{4}\)$/ }).waitFor();
    await expectAccessible();
    await page.goBack();

    await page.getByRole('link', { name: 'Circuits courts alimentaires' }).click();
    await page.getByRole('heading', { level: 1, name: 'Circuits courts alimentaires' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Plan de financement' }).waitFor();
    const budget = page.getByRole('table', { name: /Postes du plan de financement/ });
    expect(await budget.getByRole('row', { name: /Total/ }).textContent()).toMatch(/37\s000,00\s€/);
    const commitments = page.getByRole('table', { name: /engagements de la Task Force/ });
    await commitments.waitFor();
    expect(await commitments.getByText('En retard').count()).toBeGreaterThan(0);
    await expectAccessible();
    await screenshot(page, 'pact-task-force');

    await commitments.getByRole('link', { name: 'Livrer 30 % des légumes de la cuisine centrale' }).click();
    await page.getByRole('heading', { level: 1, name: 'Livrer 30 % des légumes de la cuisine centrale' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    await page.getByText('Ferme maraîchère bio du Val d’Avre').first().waitFor();
    const history = page.getByRole('table', { name: /mises à jour, les plus récentes d’abord/ });
    const rows = history.getByRole('row');
    expect(await rows.nth(1).textContent()).toMatch(/45\s%\sréalisé/);
    // The latest report carries an uploaded file: its download, its size and its SHA-256 to check it against.
    const latest = rows.nth(1);
    const file = latest.getByRole('link', { name: /^Télécharger bilan-etape-1\.pdf \(\d+(,\d)?\s(o|octets|ko)\)$/ });
    expect(await file.getAttribute('href')).toMatch(/^\/api\/v1\/t\/amiens-metropole\/commitments\/[^/]+\/updates\/[^/]+\/evidence$/);
    const shown = (await latest.locator('code').textContent()) ?? '';
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const download = await page.request.get((await file.getAttribute('href')) ?? '');
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(await download.body()).digest('hex')).toBe(shown);
    await expectAccessible();
    await screenshot(page, 'pact-commitment');

    await page.goto('/t/amiens-metropole/chronicle');
    await page.getByRole('heading', { level: 1, name: 'Chronique des transitions' }).waitFor();
    const feed = page.getByRole('link', { name: /S’abonner à la chronique/ });
    expect(await feed.getAttribute('href')).toBe('/api/v1/t/amiens-metropole/chronicle.atom');
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBe(1);
    const entries = page.getByRole('list', { name: /événements affichés/ }).getByRole('listitem');
    await entries.first().waitFor();
    const firstPage = await entries.count();
    await page.getByRole('button', { name: 'Afficher plus' }).click();
    await expect.poll(() => entries.count()).toBeGreaterThan(firstPage);
    await page.getByLabel('Type d’événement').selectOption({ label: 'Signature du Pacte' });
    await expect.poll(async () => (await entries.allTextContents()).every((text) => text.includes('Signature du Pacte'))).toBe(true);
    await expectAccessible();
    await screenshot(page, 'pact-chronicle');
  });
});
