import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, startServer, type RunningServer } from './harness.js';

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

describe('closing an organisation', () => {
  test('the facilitator closes a partner that left: it leaves the public list, its page says when it closed', async () => {
    const list = async () => (await (await fetch(`${server.baseUrl}/api/v1/t/amiens-metropole/organisations?limit=100`)).json()) as { items: { id: string; name: string }[] };
    const before = await list();
    const zeroWaste = before.items.find((o) => o.name === 'Collectif Zéro Déchet Amiens')!;

    await page.goto(`/sign-in?next=${encodeURIComponent(`/workspace/amiens-metropole/organisations/${zeroWaste.id}`)}`);
    await page.getByLabel('Adresse électronique').fill('facilitatrice@amiens-metropole.demo');
    await page.getByLabel('Mot de passe').fill('pacte21-demo');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Fermer l’organisation' }).waitFor();

    await page.getByRole('button', { name: 'Fermer l’organisation' }).click();
    expect(await page.getByText(/Organisation fermée le/).count()).toBe(0);
    await page.getByLabel(/Je confirme que Collectif Zéro Déchet Amiens quitte/).check();
    await page.getByRole('button', { name: 'Fermer l’organisation' }).click();
    await page.getByRole('status').getByText(/Organisation fermée le .*: elle n’apparaît plus dans les listes/).waitFor();
    expect(await page.getByRole('heading', { name: 'Ajouter un membre' }).count()).toBe(0);
    await screenshot(page, 'organisation-closed');
    const violations = await seriousAccessibilityViolations(page);
    expect(violations).toEqual([]);

    const after = await list();
    expect(after.items.map((o) => o.id)).not.toContain(zeroWaste.id);
    expect(after.items).toHaveLength(before.items.length - 1);
  });
});
