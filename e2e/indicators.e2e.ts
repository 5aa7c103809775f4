import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, newPage as openPage, screenshot, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const newPage = () => openPage(browser, server, contexts);

/** "64,9" or "1 234,5" as the French interface writes it. */
const frenchNumber = (text: string) => Number(text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));

/** The total series of the table: period → value, as a reader sees them. */
async function tableTotals(page: Page): Promise<Map<string, number>> {
  const table = page.getByRole('table', { name: /Taux d’emploi, par période/ });
  const rows = table.locator('tbody tr');
  const totals = new Map<string, number>();
  for (let i = 0; i < (await rows.count()); i += 1) {
    const period = (await rows.nth(i).locator('th').textContent())!.trim();
    totals.set(period, frenchNumber((await rows.nth(i).locator('td').first().locator('.indicator-value').textContent())!));
  }
  return totals;
}

describe('the public indicators', () => {
  test('the index by framework, the overview in plain words, and an indicator page whose chart and table tell the same numbers', async () => {
    const page = await newPage();
    await page.goto('/t/amiens-metropole');
    await page.getByRole('heading', { level: 1, name: 'Amiens Métropole' }).waitFor();
    await page.getByRole('link', { name: 'Tous les indicateurs, par cadre de référence' }).click();

    await page.getByRole('heading', { level: 1, name: 'Indicateurs' }).waitFor();
    const all = page.getByRole('table', { name: /Tous les indicateurs du territoire/ });
    await all.waitFor();
    expect(await all.locator('tbody tr').count()).toBeGreaterThanOrEqual(26);
    await page.getByRole('navigation', { name: 'Vues par cadre de référence' }).getByRole('link', { name: 'Nouveaux indicateurs de richesse' }).click();
    const nir = page.getByRole('table', { name: /Nouveaux indicateurs de richesse \(loi n° 2015-411\)/ });
    await nir.waitFor();
    expect(await nir.locator('tbody tr').count()).toBe(10);
    expect(await nir.getByRole('row', { name: /Taux d’emploi/ }).textContent()).toMatch(/64,9\s%.*68\s%\sen\s2030.*En bonne voie/);
    await expectAccessible(page, 'the indicators index');
    await screenshot(page, 'indicators-index');
    await page.getByRole('link', { name: 'Objectifs de développement durable' }).click();
    await page.getByRole('table', { name: /ODD 8 — Travail décent et croissance économique/ }).waitFor();

    await page.getByRole('link', { name: 'Où en sont nos objectifs ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Où en sont nos objectifs ?' }).waitFor();
    await page.getByRole('table', { name: /objectifs, par avancement/ }).waitFor();
    await page.getByText('Objectif : monter à 68 % d’ici 2030.').waitFor();
    await page.getByRole('heading', { level: 2, name: /En bonne voie/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Comment lire ces statuts' }).waitFor();
    await expectAccessible(page, 'the overview');
    await screenshot(page, 'indicators-overview');

    await page.getByRole('link', { name: 'Taux d’emploi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Taux d’emploi' }).waitFor();
    const chart = page.getByRole('img', { name: /Graphique : Taux d’emploi, de 2016 à 2025/ });
    // The total's line, in the first series' colour (blue France).
    await chart.locator('svg path[stroke="#000091"]').first().waitFor();
    const totals = await tableTotals(page);
    expect(totals.size).toBe(10);

    // The same numbers as the open-data file, and as the chart's tooltip at each year pointed at.
    const json = (await (await page.request.get('/api/v1/t/amiens-metropole/indicators/employment_rate.json')).json()) as {
      observations: { period: string; dimensions: Record<string, string>; value: number }[];
    };
    const published = new Map(json.observations.filter((o) => Object.keys(o.dimensions).length === 0).map((o) => [o.period, o.value]));
    expect(totals).toEqual(published);
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const seen = new Map<string, number>();
    for (const fraction of [0.12, 0.35, 0.5]) {
      await page.mouse.move(box.x + box.width * fraction, box.y + box.height * 0.6);
      const tooltip = chart.locator('div').filter({ hasText: 'Ensemble :' }).last();
      await tooltip.waitFor();
      const match = /^(\d{4}).*Ensemble : ([\d\s\u202f,]+)/s.exec((await tooltip.innerText()).trim());
      if (match) seen.set(match[1]!, frenchNumber(match[2]!));
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    for (const [period, value] of seen) expect(value).toBe(totals.get(period));

    // Choosing series changes the chart, the table and the notes, and says so.
    await page.getByLabel('Sexe : Femmes').check();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Séries affichées' }).textContent()).toMatch(/Ensemble, Sexe : Femmes/);
    await page.getByRole('table', { name: /Taux d’emploi, par période/ }).getByRole('columnheader', { name: 'Sexe : Femmes' }).waitFor();
    await page.getByRole('link', { name: 'note 1' }).waitFor();
    await page.getByText('Rupture de série : nouveau questionnaire de l’enquête Emploi.').waitFor();
    await expectAccessible(page, 'an indicator page');
    await screenshot(page, 'indicator-page');

    const downloads = page.locator('#downloads a[href^="/api/"]');
    const hrefs = await downloads.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/api/v1/t/amiens-metropole/indicators/employment_rate.csv',
        '/api/v1/t/amiens-metropole/indicators/employment_rate.json',
        '/api/v1/t/amiens-metropole/indicators/employment_rate.metadata.json',
        '/api/v1/t/amiens-metropole/indicators/employment_rate/progress.csv',
        '/api/v1/t/amiens-metropole/indicators/datapackage.json',
        '/api/v1/t/amiens-metropole/indicators/open-data.zip',
      ]),
    );
    for (const href of hrefs) expect((await page.request.get(href)).status(), href).toBe(200);
    const datapackage = (await (await page.request.get('/api/v1/t/amiens-metropole/indicators/datapackage.json')).json()) as { resources: { path: string }[] };
    expect(datapackage.resources.map((r) => r.path)).toContain('employment_rate.csv');

    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Employment rate' }).waitFor();
    await page.getByRole('table', { name: /Employment rate, by period/ }).waitFor();
    await page.getByText('Notes, sources and series names are shown as the territory recorded them, usually in French.').waitFor();

    // Units read in English too: the caption, the metadata and every value of the table.
    await page.goto('/t/amiens-metropole/indicators/carbon_footprint');
    await page.getByRole('heading', { level: 1, name: 'Carbon footprint' }).waitFor();
    const table = page.getByRole('table', { name: /Carbon footprint, by period/ });
    expect(await table.locator('caption').textContent()).toContain('t CO2e per inhabitant');
    expect(await page.locator('#metadata').textContent()).toMatch(/t CO2e per inhabitant.*Data and Statistical Studies Department/);
    expect(await page.locator('main').textContent()).not.toMatch(/t CO2e\/hab|Unité|Ensemble/);
    await expectAccessible(page, 'an indicator page in English');
    await screenshot(page, 'indicator-page-en');

    // A computed value's note, written by the platform, reads in English too.
    await page.goto('/t/amiens-metropole/indicators/currency_circulation');
    await page.getByRole('heading', { level: 1, name: 'Local currency in circulation' }).waitFor();
    await page.locator('#indicator-note-1').filter({ hasText: /in circulation on \d{4}-\d{2}-\d{2} at midnight/ }).waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/en circulation le/);
    await screenshot(page, 'indicator-computed-en');

    // The index and the overview in English: units and words in English too.
    await page.goto('/t/amiens-metropole/indicators');
    await page.getByRole('table', { name: /All the territory’s indicators|indicators/i }).first().waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/t CO2e\/hab\b|kg\/hab\/an|\bhabitants|\blogements/);
    await screenshot(page, 'indicators-index-en');
    await page.goto('/t/amiens-metropole/indicators/overview');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/t CO2e\/hab\b|kg\/hab\/an|\bhabitants|\blogements/);
    await screenshot(page, 'indicators-overview-en');
  });
});

describe('the facilitators’ indicators', () => {
  test('a refused CSV names its rows and records nothing; a value entered shows on the public page', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Adresse électronique').fill('facilitatrice@amiens-metropole.demo');
    await page.getByLabel('Mot de passe').fill('pacte21-demo');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    await page.goto('/workspace/amiens-metropole/indicators');
    await page.getByRole('heading', { level: 1, name: 'Catalogue des indicateurs' }).waitFor();
    await page.getByRole('link', { name: 'Valeurs et objectif de « Part modale du vélo »' }).click();
    await page.getByRole('heading', { level: 1, name: 'Part modale du vélo' }).waitFor();

    await page.getByLabel(/^Fichier CSV/).setInputFiles({
      name: 'velo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Year,Value\n2026,5.1\n2027,beaucoup\n'),
    });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const errors = page.getByRole('table', { name: /1 erreur dans le fichier/ });
    await errors.waitFor();
    expect(await errors.getByRole('row').nth(1).textContent()).toMatch(/^2/);
    await page.getByText('Aucune valeur n’a été enregistrée.').waitFor();
    await expectAccessible(page, 'the import with row errors');

    await page.getByLabel(/^Période/).fill('2026');
    await page.getByLabel(/^Valeur \(%\)/).fill('5,2');
    await page.getByLabel('Provisoire').check();
    await page.getByLabel(/^Note/).fill('Comptages automatiques du printemps.');
    await page.getByRole('button', { name: 'Enregistrer la valeur' }).click();
    await page.getByText('Valeur enregistrée : 5,2 % pour 2026 (Ensemble).').waitFor();
    await expectAccessible(page, 'the indicator in the workspace');
    await screenshot(page, 'indicator-workspace');

    await page.goto('/t/amiens-metropole/indicators/bike_modal_share');
    const row = page.getByRole('table', { name: /Part modale du vélo, par période/ }).getByRole('row', { name: /^2026/ });
    expect(await row.textContent()).toMatch(/5,2\s*\(p\)/);
    await page.getByText('Comptages automatiques du printemps.').waitFor();

    // The unit in both languages: an empty English unit is refused, naming the field, and saves nothing.
    await page.goto('/workspace/amiens-metropole/indicators/dma_kg_hab/edit');
    const englishUnit = page.getByLabel(/^Unité en anglais/);
    expect(await page.getByLabel(/^Unité en français/).inputValue()).toBe('kg/hab/an');
    expect(await englishUnit.inputValue()).toBe('kg per inhabitant per year');
    await englishUnit.fill('');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('link', { name: /Unité en anglais/ }).waitFor();
    await expectAccessible(page, 'the indicator form with an error');
    await englishUnit.fill('kg per resident per year');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('La fiche de l’indicateur est enregistrée.').waitFor();
    const saved = (await (await page.request.get('/api/v1/t/amiens-metropole/indicators/dma_kg_hab')).json()) as { indicator: { unit: { fr: string; en: string } } };
    expect(saved.indicator.unit).toEqual({ fr: 'kg/hab/an', en: 'kg per resident per year' });
  });
});
