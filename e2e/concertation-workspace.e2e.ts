import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, newPage as openPage, screenshot, signInOn, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const password = 'pacte21-demo';
const facilitatorEmail = 'facilitatrice@amiens-metropole.demo';
// The demo dates its editions from today: the past one (closed, its report published) is the year of
// 110 days ago, the next one is open for contributions, with sessions, registrations and initiatives.
const pastYear = new Date(Date.now() - 110 * 86_400_000).getUTCFullYear();
const openYear = pastYear + 1;
const openConsole = `/workspace/${territorySlug}/concertation/${openYear}`;
const sessionTitle = 'Atelier de restitution aux communes';

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

/** A browser of one’s own, signed in: each person of the story keeps their session. */
const signedIn = async (email: string) => signInOn(await openPage(browser, server, contexts, 15_000), email, password);

const editionNav = (page: Page) => page.getByRole('navigation', { name: `Conduite de l’édition ${openYear}` });
const pendingSection = (page: Page) => page.getByRole('region', { name: /à traiter$/ });
const pendingCards = (page: Page) => pendingSection(page).getByRole('region');

async function pendingCount(page: Page): Promise<number> {
  const heading = (await pendingSection(page).getByRole('heading', { level: 3 }).textContent()) ?? '';
  return Number(heading.replace(/\D/g, ''));
}

async function firstPendingTitle(page: Page): Promise<{ card: Locator; title: string }> {
  const card = pendingCards(page).first();
  const title = ((await card.getByRole('heading', { level: 4 }).textContent()) ?? '').trim();
  return { card: pendingCards(page).filter({ has: page.getByRole('heading', { level: 4, name: title, exact: true }) }), title };
}

describe('the concertation console in the workspace', () => {
  test('a facilitator runs the open edition: sessions, attendance, triage, a snapshot and the vision adjustment', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(`/workspace/${territorySlug}`);
    await page.getByRole('navigation', { name: /Espace de travail/ }).getByRole('link', { name: 'Concertation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ateliers de concertation' }).waitFor();
    await page.getByRole('table', { name: /Les éditions/ }).getByRole('row', { name: new RegExp(`${pastYear}.*Clôturée`) }).waitFor();
    await expectAccessible(page, 'the editions');
    await page.getByRole('link', { name: String(openYear), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Ateliers de concertation ${openYear}$`) }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Phase en cours : Contributions ouvertes' }).waitFor();
    await page.getByRole('button', { name: 'Passer à la phase suivante : Ateliers' }).waitFor();
    await expectAccessible(page, 'the phase of the open edition');
    await screenshot(page, 'concertation-workspace-phase-fr');

    // Sessions: schedule one, then mark who came to an existing one.
    await editionNav(page).getByRole('link', { name: 'Ateliers' }).click();
    const form = page.getByRole('region', { name: 'Programmer un atelier' });
    await form.getByLabel(/^Titre/).fill(sessionTitle);
    await form.getByLabel(/^Début/).fill(`${openYear}-06-11T18:00`);
    await form.getByLabel(/^Fin/).fill(`${openYear}-06-11T20:00`);
    await form.getByLabel(/^Lieu/).fill('Maison de la culture d’Amiens, salle Giacometti');
    await form.getByLabel(/^Ordre du jour/).fill('Présentation du rapport, questions des communes.');
    await form.getByLabel(/^Capacité/).fill('40');
    await form.getByRole('button', { name: 'Programmer l’atelier' }).click();
    await page.getByRole('status').getByText(`L’atelier « ${sessionTitle} » est programmé.`).waitFor();
    await page.getByRole('heading', { level: 3, name: sessionTitle }).waitFor();

    const registrations = page.getByRole('table', { name: /^Personnes inscrites à/ }).first();
    const firstRow = registrations.getByRole('row').nth(1);
    const person = ((await firstRow.getByRole('rowheader').textContent()) ?? '').trim();
    await firstRow.getByRole('button', { name: `Présent ${person}` }).click();
    await expect.poll(() => firstRow.getByRole('button', { name: `Présent ${person}` }).getAttribute('aria-pressed')).toBe('true');
    expect(await firstRow.textContent()).toContain('Présent·e');
    await expectAccessible(page, 'the sessions of the open edition');
    await screenshot(page, 'concertation-workspace-sessions-fr');

    // Triage: the first initiative becomes a task force, whose page is one link away.
    await editionNav(page).getByRole('link', { name: 'Initiatives' }).click();
    await page.getByRole('heading', { level: 2, name: 'Initiatives émergentes' }).waitFor();
    const before = await pendingCount(page);
    expect(before).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'the initiatives to answer');
    await screenshot(page, 'concertation-workspace-initiatives-fr');
    const accepted = await firstPendingTitle(page);
    await accepted.card.getByLabel(/^Nom de la Task Force/).fill(`Task Force ${accepted.title}`);
    await accepted.card.getByRole('button', { name: 'Créer la Task Force' }).click();
    const notice = page.getByRole('status').filter({ hasText: `L’initiative « ${accepted.title} » est acceptée` });
    await notice.waitFor();
    await expect.poll(() => pendingCount(page)).toBe(before - 1);
    await notice.getByRole('link', { name: `Voir la Task Force « Task Force ${accepted.title} »` }).click();
    await page.waitForURL(`**/t/${territorySlug}/task-forces/**`);
    await page.getByRole('heading', { level: 1, name: `Task Force ${accepted.title}` }).waitFor();

    // Declining needs a reason: without one the server names the field and nothing changes.
    await page.goto(`${openConsole}/initiatives`);
    await page.getByRole('heading', { level: 2, name: 'Initiatives émergentes' }).waitFor();
    const declined = await firstPendingTitle(page);
    await declined.card.getByRole('radio', { name: 'Décliner' }).check();
    await declined.card.getByRole('button', { name: 'Décliner l’initiative' }).click();
    await declined.card.getByRole('alert').getByRole('link', { name: 'Motif du refus' }).waitFor();
    expect(await pendingCount(page)).toBe(before - 1);
    await declined.card.getByLabel(/^Motif du refus/).fill('Déjà couverte par la Task Force rénovation énergétique.');
    await declined.card.getByRole('button', { name: 'Décliner l’initiative' }).click();
    await page.getByRole('status').getByText(`L’initiative « ${declined.title} » est déclinée.`).waitFor();
    await expect.poll(() => pendingCount(page)).toBe(before - 2);
    await page.getByRole('region', { name: /traitées?$/ }).getByText('Déjà couverte par la Task Force rénovation énergétique.').waitFor();

    // Evaluation: a snapshot at today's date.
    await editionNav(page).getByRole('link', { name: 'Évaluation' }).click();
    await page.getByRole('button', { name: 'Figer l’instantané' }).click();
    await page.getByRole('status').getByText(/^Instantané du .* figé \(empreinte [0-9a-f]{12}\)\.$/).waitFor();
    await page.getByRole('table', { name: /instantanés?, du plus récent/ }).getByRole('row').nth(1).waitFor();
    await expectAccessible(page, 'the evaluation of the open edition');
    await screenshot(page, 'concertation-workspace-evaluation-fr');

    // Vision adjustment: edit the draft, see the difference, publish it with a reason.
    await editionNav(page).getByRole('link', { name: 'Ajustement de la vision' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ajustement de la vision' }).waitFor();
    const objectives = page.getByRole('table', { name: 'Objectifs du projet de vision' });
    const rows = await objectives.getByRole('row').count();
    await page.getByRole('button', { name: 'Ajouter un objectif' }).click();
    await page.keyboard.type('Doubler les initiatives citoyennes accompagnées');
    await page.getByLabel(`Objectif ${rows} : Indicateur`).fill('citizen_initiatives');
    await page.getByLabel(`Objectif ${rows} : Valeur de départ`).fill('12');
    await page.getByLabel(`Objectif ${rows} : Cible`).fill('24');
    await page.getByLabel(`Objectif ${rows} : Unité`).fill('initiatives');
    await page.getByLabel(`Objectif ${rows} : Année cible`).fill('2030');
    await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
    await page.getByRole('status').getByText(/^Projet enregistré/).waitFor();
    const diff = page.getByRole('region', { name: /^Ce que le projet change/ });
    await diff.getByRole('heading', { name: 'Objectif ajouté (1)' }).waitFor();
    await diff.getByText('Doubler les initiatives citoyennes accompagnées').waitFor();
    await expectAccessible(page, 'the vision adjustment');
    await screenshot(page, 'concertation-workspace-vision-fr');

    await page.getByRole('button', { name: 'Publier la vision ajustée' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Motif de l’ajustement' }).waitFor();
    await page.getByLabel(/^Motif de l’ajustement/).fill('Les ateliers ont demandé un objectif sur les initiatives citoyennes.');
    await page.getByRole('button', { name: 'Publier la vision ajustée' }).click();
    await page.getByRole('status').getByText(/^La vision ajustée est publiée : c’est la version \d+\.$/).waitFor();
    await page.getByRole('link', { name: 'Voir les versions de la vision' }).click();
    await page.waitForURL(`**/t/${territorySlug}/pact/vision`);
    // The Pact's vision keeps why it changed.
    const versions = (await (await page.request.get(`/api/v1/t/${territorySlug}/pact/vision/versions`)).json()) as { items: { reason: string | null }[] };
    expect(versions.items.map((v) => v.reason ?? '').join('\n')).toContain('Les ateliers ont demandé un objectif sur les initiatives citoyennes.');

    // The console in English.
    await page.goto(openConsole);
    await page.getByRole('button', { name: /^EN/ }).click();
    await page.getByRole('heading', { level: 2, name: /^Current phase:/ }).waitFor();
    await page.getByRole('button', { name: /^Move to the next phase:/ }).waitFor();
    await expectAccessible(page, 'the phase of the open edition in English');
    await screenshot(page, 'concertation-workspace-phase-en');
    await page.getByRole('navigation', { name: `Running the ${openYear} edition` }).getByRole('link', { name: 'Initiatives' }).click();
    await page.getByRole('heading', { level: 2, name: 'Emerging initiatives' }).waitFor();
    await screenshot(page, 'concertation-workspace-initiatives-en');
  });

  test('everyone signed in finds their participation, with the way to the public edition page', async () => {
    const page = await signedIn('lucie.martin@amiens-metropole.demo');
    await page.goto(`/workspace/${territorySlug}/concertation/participations`);
    await page.getByRole('heading', { level: 1, name: 'Mes participations' }).waitFor();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Concertation ${openYear}`) }).waitFor();
    const link = page.getByRole('link', { name: 'Proposer ou soutenir une initiative' });
    expect(await link.getAttribute('href')).toBe(`/t/${territorySlug}/concertation/${openYear}`);
    await expectAccessible(page, 'my participation');
    await screenshot(page, 'concertation-workspace-participations-fr');
  });

  // Last: it ends the contributions the other stories rely on.
  test('a facilitator opens the workshop sessions, compares two snapshots and publishes the edition’s report', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(openConsole);
    await page.getByRole('heading', { level: 2, name: 'Phase en cours : Contributions ouvertes' }).waitFor();
    await page.getByLabel(/^Note/).fill('Les contributions sont closes : place aux ateliers.');
    await page.getByRole('button', { name: 'Passer à la phase suivante : Ateliers' }).click();
    await page.getByRole('status').getByText('L’édition est passée en phase « Ateliers ».').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Phase en cours : Ateliers' }).waitFor();

    await editionNav(page).getByRole('link', { name: 'Évaluation' }).click();
    const compare = page.getByRole('region', { name: 'Comparer deux instantanés' });
    await compare.getByRole('button', { name: 'Comparer' }).click();
    await compare.getByRole('heading', { name: /^Ce qui a bougé du / }).waitFor();

    const report = page.getByRole('region', { name: 'Rapport d’évaluation de l’édition' });
    await report.getByLabel('Comparer avec').selectOption({ index: 1 });
    await report.getByRole('button', { name: 'Prévisualiser le rapport' }).click();
    await page.locator('#report-preview').getByRole('heading', { level: 4, name: /^Évaluation du Pacte 21 — / }).waitFor();
    await report.getByRole('button', { name: 'Publier le rapport' }).click();
    await page.getByRole('status').getByText('Le rapport est publié ; l’édition est passée en phase « Évaluation publiée ».').waitFor();
    await expectAccessible(page, 'the evaluation with its published report');
    // The public edition page now offers the report and its PDF.
    await report.getByRole('link', { name: 'Lire le rapport publié' }).click();
    await page.waitForURL(`**/t/${territorySlug}/concertation/${openYear}`);
    const edition = (await (await page.request.get(`/api/v1/t/${territorySlug}/concertation/editions/${openYear}`)).json()) as { phase: string; report: { comparedWithSnapshotId: string | null } | null };
    expect(edition.phase).toBe('evaluation');
    expect(edition.report?.comparedWithSnapshotId).not.toBeNull();
  });
});
