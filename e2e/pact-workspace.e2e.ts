import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const workspace = `/workspace/${territorySlug}/pact`;
const password = 'pacte21-demo';
const facilitatorEmail = 'facilitatrice@amiens-metropole.demo';
// Pierre Vasseur represents the Ferme maraîchère bio du Val d’Avre, a signatory of the demo Pact.
const representativeEmail = 'maraichage@amiens-metropole.demo';
const farm = 'Ferme maraîchère bio du Val d’Avre';
const taskForceName = 'Réemploi des matériaux de chantier';
const commitmentStatement = 'Fournir 20 t de compost aux chantiers de la métropole';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let taskForcePath = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

/** A browser of one's own, signed in: each person of the story keeps their session. */
async function signedIn(email: string): Promise<Page> {
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  if (violations.length > 0) console.error(`axe-core on ${name}:\n${violations.join('\n')}`);
  expect(violations, `serious or critical accessibility violations on ${name}`).toEqual([]);
}

const heading1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('the Pact in the workspace', () => {
  test('a facilitator previews and publishes a new vision version, keeping the objectives it carries over', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(`${workspace}/vision`);
    await heading1(page, 'La vision du Pacte').waitFor();
    const objectives = page.getByRole('table', { name: 'Objectifs de la nouvelle version' });
    await expect.poll(() => objectives.getByRole('row').count()).toBe(6);
    await page.getByLabel('Objectif 1 : Cible').fill('400');
    await page.getByRole('button', { name: 'Ajouter un objectif' }).click();
    // The focus moves into the new row, whose inputs are labelled by row and column.
    expect(await page.locator(':focus').getAttribute('id')).toBe('vision-objectives[5].title');
    await page.keyboard.type('Zéro artificialisation nette');
    await page.getByLabel('Objectif 6 : Cible').fill('12,5');
    await page.getByRole('button', { name: 'Publier la version 3' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Certains champs sont à corriger.').waitFor();
    await alert.getByRole('link', { name: 'Objectif 6 : Unité' }).waitFor();
    await page.getByLabel('Objectif 6 : Unité').fill('ha');
    await page.getByLabel('Objectif 6 : Indicateur').fill('zan_ha');
    await page.getByLabel('Objectif 6 : Valeur de départ').fill('40');
    await page.getByLabel('Objectif 6 : Année cible').fill('2031');
    const preview = page.getByRole('region', { name: 'Aperçu : ce qui changera de la version 2 à la version 3' });
    await preview.getByText('Cible : 420 → 400').waitFor();
    await preview.getByRole('heading', { name: 'Objectif ajouté (1)' }).waitFor();
    await expectAccessible(page, 'the vision editor');
    await screenshot(page, 'pact-workspace-vision');
    await page.getByRole('button', { name: 'Publier la version 3' }).click();
    await page.getByRole('status').getByText('La version 3 de la vision est publiée.').waitFor();

    await page.goto(`/t/${territorySlug}/pact/vision`);
    await page.getByRole('heading', { level: 2, name: 'Ce qui a changé de la version 2 à la version 3' }).waitFor();
    await page.getByText('Cible : 420 → 400').waitFor();
    await page.getByText('Zéro artificialisation nette').first().waitFor();
  });

  test('a facilitator creates a task force with its criteria and budget, names its lead and activates it', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(`/workspace/${territorySlug}`);
    await page.getByRole('navigation', { name: /Espace de travail/ }).getByRole('link', { name: 'Le Pacte' }).click();
    await heading1(page, 'Le Pacte').waitFor();
    await page.getByText('Pacte 21 de l’Amiénois').first().waitFor();
    await expectAccessible(page, 'the Pact in the workspace');
    await page.getByRole('navigation', { name: 'Le Pacte dans l’espace de travail' }).getByRole('link', { name: 'Task Forces' }).click();
    await heading1(page, 'Task Forces').waitFor();

    await page.getByLabel(/^Nom de la Task Force/).fill(taskForceName);
    await page.getByLabel(/^Mission/).fill('Faire des déblais et matériaux de chantier les ressources des chantiers suivants.');
    await page.getByRole('button', { name: 'Ajouter un critère social' }).click();
    await page.getByLabel('Critère social 1 : Critère').fill('Des heures d’insertion sur chaque chantier');
    await page.getByLabel('Critère social 1 : Seuil').fill('10');
    await page.getByLabel('Critère social 1 : Unité').fill('% des heures');
    await page.getByRole('button', { name: 'Ajouter un critère environnemental' }).click();
    await page.getByLabel('Critère environnemental 1 : Critère').fill('Matériaux réemployés');
    await page.getByLabel('Critère environnemental 1 : Seuil').fill('500');
    await page.getByLabel('Critère environnemental 1 : Unité').fill('t/an');
    await page.getByRole('radio', { name: /^À la majorité —/ }).check();
    await page.getByRole('button', { name: 'Ajouter un poste' }).click();
    await page.getByLabel('Poste 1 : Poste').fill('Plateforme de tri');
    await page.getByLabel('Poste 1 : Catégorie').fill('investissement');
    await page.getByLabel('Poste 1 : Montant prévu (€)').fill('45 000,00');
    await expectAccessible(page, 'the task force creation form');
    await page.getByRole('button', { name: 'Créer la Task Force' }).click();

    await heading1(page, taskForceName).waitFor();
    taskForcePath = new URL(page.url()).pathname;
    await page.getByText(`La Task Force « ${taskForceName} » est créée.`).waitFor();
    await page.getByText('Statut actuel : Proposée.').waitFor();

    await page.getByRole('combobox', { name: /^Organisation/ }).selectOption({ label: farm });
    await page.getByRole('combobox', { name: /^Rôle/ }).selectOption({ label: 'Pilote' });
    await page.getByRole('button', { name: 'Enregistrer le membre' }).click();
    await page.getByRole('status').getByText(`${farm} est maintenant Pilote de la Task Force.`).waitFor();
    const members = page.getByRole('table', { name: '1 membre' });
    await members.getByRole('row', { name: new RegExp(`${farm}.*Pilote`) }).waitFor();

    await page.getByRole('radio', { name: /^Active —/ }).check();
    await page.getByRole('button', { name: 'Changer le statut' }).click();
    await page.getByRole('status').getByText('Le statut est maintenant : Active.').waitFor();
    await expectAccessible(page, 'a task force in the workspace');
    await screenshot(page, 'pact-workspace-task-force');
  });

  test('its lead commits the farm in it, reports progress with evidence, and the public page shows the update', async () => {
    expect(taskForcePath).not.toBe('');
    const page = await signedIn(representativeEmail);
    await page.goto(taskForcePath);
    await heading1(page, taskForceName).waitFor();
    await page.getByText('Pilote', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Prendre un engagement dans cette Task Force' }).click();

    await heading1(page, 'Engagements').waitFor();
    expect(await page.getByLabel(/^Organisation qui s’engage/).locator('option:checked').innerText()).toBe(farm);
    expect(await page.getByLabel(/^Task Force/).locator('option:checked').innerText()).toBe(taskForceName);
    await page.getByLabel(/^Engagement/).fill(commitmentStatement);
    await page.getByRole('radio', { name: 'Une cible mesurable' }).check();
    await page.getByLabel(/^Code de l’indicateur/).fill('compost_supplied');
    await page.getByLabel(/^Valeur cible/).fill('20');
    await page.getByLabel(/^Unité/).fill('t');
    await page.getByLabel(/^Date limite/).fill('2027-06-30');
    await page.getByLabel(/^Poids/).fill('2');
    await expectAccessible(page, 'the commitment form');
    await page.getByRole('button', { name: 'Prendre l’engagement' }).click();

    await heading1(page, commitmentStatement).waitFor();
    await page.getByText('L’engagement est pris et publié.').waitFor();
    const commitmentPath = new URL(page.url()).pathname;
    const update = page.getByRole('region', { name: 'Publier une mise à jour' });
    await update.getByLabel(/^Avancement \(%\)/).fill('140');
    await update.getByRole('button', { name: 'Publier la mise à jour' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Avancement (%)' }).waitFor();
    await update.getByLabel(/^Avancement \(%\)/).fill('40');
    await update.getByLabel(/^Note/).fill('Deux premières livraisons aux chantiers de Saint-Leu.');
    await update.getByLabel(/^Lien vers une preuve/).fill('https://example.org/amienois/compost/livraisons');
    await update.getByRole('button', { name: 'Publier la mise à jour' }).click();
    await page.getByRole('status').getByText('Mise à jour publiée : En cours, 40 % réalisé.').waitFor();
    const history = page.getByRole('table', { name: /1 mise à jour/ });
    expect(await history.getByRole('row').nth(1).textContent()).toMatch(/En cours.*40\s%\sréalisé.*Deux premières livraisons/);
    await expectAccessible(page, 'a commitment in the workspace');
    await screenshot(page, 'pact-workspace-commitment');

    await page.getByRole('link', { name: 'Voir la page publique' }).click();
    await page.waitForURL(`**/t/${territorySlug}/commitments/${commitmentPath.split('/').pop() ?? ''}`);
    await heading1(page, commitmentStatement).waitFor();
    const publicHistory = page.getByRole('table', { name: /1 mise à jour/ });
    expect(await publicHistory.getByRole('row').nth(1).textContent()).toMatch(/40\s%\sréalisé/);
    expect(await publicHistory.getByRole('link', { name: /Preuve du/ }).getAttribute('href')).toBe('https://example.org/amienois/compost/livraisons');
    await page.getByRole('link', { name: 'Publier une mise à jour de cet engagement (espace de travail)' }).waitFor();
  });

  test('the lead proposes a decision, votes by majority and closes it; the tally is recorded', async () => {
    const page = await signedIn(representativeEmail);
    await page.goto(taskForcePath);
    await heading1(page, taskForceName).waitFor();
    await page.getByLabel(/^Intitulé de la proposition/).fill('Une plateforme de tri à Glisy');
    await page.getByLabel(/^Proposition/).fill('Installer la plateforme de tri des matériaux de chantier sur la zone de Glisy.');
    await page.getByRole('button', { name: 'Ouvrir le vote' }).click();
    await page.getByRole('status').getByRole('link', { name: 'Une plateforme de tri à Glisy' }).click();

    await heading1(page, 'Une plateforme de tri à Glisy').waitFor();
    await page.getByText('Pour / Contre / Abstention').first().waitFor();
    await page.getByRole('radio', { name: 'Pour' }).check();
    await page.getByRole('button', { name: 'Voter', exact: true }).click();
    await page.getByRole('status').getByText(`Vote enregistré : Pour, au nom de ${farm}.`).waitFor();
    await expectAccessible(page, 'a decision open to votes');
    await page.getByLabel(/Je confirme la clôture du vote/).check();
    await page.getByRole('button', { name: 'Clore le vote et enregistrer le résultat' }).click();
    await page.getByRole('status').getByText('Le vote est clos : décision adoptée.').waitFor();
    const tally = page.getByRole('table', { name: /Décompte à la clôture/ });
    expect(await tally.getByRole('row', { name: /Pour/ }).textContent()).toMatch(/1/);
    expect(await tally.getByRole('row', { name: /Votes exprimés/ }).textContent()).toMatch(/1 sur 1 membre votant/);
    await expectAccessible(page, 'a closed decision');
    await screenshot(page, 'pact-workspace-decision');
  });
});
