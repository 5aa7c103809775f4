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
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const expectAccessible = () => expectPageAccessible(page, 'the metabolism pages');

describe('the public metabolism page', () => {
  test('shows the year’s indicators, a Sankey that draws its loops, and the same flows in a table', async () => {
    await page.goto('/t/amiens-metropole');
    await page.getByRole('heading', { level: 1, name: 'Amiens Métropole' }).waitFor();
    await page.getByRole('link', { name: 'Le métabolisme territorial : flux, boucles et synergies' }).click();

    await page.getByRole('heading', { level: 1, name: 'Métabolisme territorial' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Indicateurs de matières \d{4}$/ }).waitFor();
    await page.getByText('Consommation intérieure de matières', { exact: true }).first().waitFor();
    await page.getByRole('heading', { level: 3, name: 'Taux de bouclage local' }).waitFor();

    const diagram = page.getByRole('img', { name: /Diagramme de Sankey des flux de matières/ });
    await diagram.waitFor();
    // A loop is drawn as a band that leaves to the right and comes back from the left.
    const loops = page.locator('svg.sankey__svg g[data-direction="backward"]');
    expect(await loops.count()).toBeGreaterThan(0);
    expect(await loops.first().locator('path.sankey__loop-line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+H[\d.]+A/);

    await page.getByRole('heading', { level: 2, name: /^Synergies en fonctionnement/ }).waitFor();
    await page.getByRole('table', { name: /synergie en fonctionnement/ }).getByText('Plâtrerie de la Somme').waitFor();
    await expectAccessible();
    await screenshot(page, 'metabolism');

    // A looped flow is in the table, marked as part of a loop (the table lists every flow on request).
    const table = page.getByRole('table', { name: /^Flux de matières \d{4}/ });
    await page.getByRole('button', { name: /^Afficher les \d+ flux$/ }).click();
    const rows = await table.locator('tbody tr').evaluateAll((elements) =>
      elements.map((row) => ({ source: row.querySelector('th')?.textContent ?? '', text: row.textContent ?? '' })),
    );
    const labels = await loops.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
    const looped = labels.filter((label) => {
      const [source, rest] = label.split(' → ');
      const target = rest?.split(' : ')[0] ?? '';
      return rows.some((row) => row.source === source && row.text.includes(target) && row.text.includes('Boucle'));
    }).length;
    expect(looped).toBeGreaterThan(0);

    // Keyboard: the first node takes the focus, arrows move to the next, and the details are read out.
    await page.locator('svg.sankey__svg g.sankey__node[tabindex="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('.sankey__details').textContent()).toMatch(/entrées .* sorties/);

    // Drill down by category: the legend button filters the diagram and the address says so.
    await page.getByRole('button', { name: 'MF3 Minéraux non métalliques' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('MF3');
    await page.getByText('Catégorie : MF3 Minéraux non métalliques.').waitFor();
    await page.getByRole('img', { name: /Diagramme de Sankey/ }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Toutes les catégories' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBeNull();
    // The shared machine runs several builds at once: a whole page of flows and two axe runs take time.
  }, 180_000);

  test('opens an operating synergy: who gives what to whom, how much, since when, its effect on the loop rate, its chronicle', async () => {
    await page.goto('/t/amiens-metropole/metabolism');
    await page.getByRole('link', { name: /^Synergie .+ → Plâtrerie de la Somme$/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Synergie .+ → Plâtrerie de la Somme$/ }).waitFor();
    await page.getByText(/^En fonctionnement depuis \d{4}$/).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Taux de bouclage local \d{4}$/ }).waitFor();
    await page.getByText(/sans elle, le taux serait de/).waitFor();
    await page.getByRole('table', { name: /^Tonnes échangées, année par année/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Dans la chronique' }).waitFor();
    await page.getByText(/^Synergie en service : .+ → Plâtrerie de la Somme$/).first().waitFor();
    await expectAccessible();
    await screenshot(page, 'metabolism-synergy');
  }, 120_000);
});
