import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, newPage as openPage, screenshot, signInOn, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const password = 'pacte21-demo';
// Lucie Martin joined the territory as a citizen: she belongs to no organisation.
const citizenEmail = 'lucie.martin@amiens-metropole.demo';
// The demo dates its editions from today: the past one is closed with its published report, the next one is open for contributions.
let openYear = 0;
let pastYear = 0;
const editionPath = (year: number) => `/t/${territorySlug}/concertation/${year}`;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const editions = (await (await fetch(`${server.baseUrl}/api/v1/t/${territorySlug}/concertation/editions`)).json()) as { items: { year: number; phase: string; reportPublishedAt: string | null }[] };
  openYear = editions.items.find((edition) => edition.phase === 'contributions')?.year ?? 0;
  pastYear = editions.items.find((edition) => edition.reportPublishedAt !== null)?.year ?? 0;
  expect(openYear, 'the demo has an edition open for contributions').toBeGreaterThan(0);
  expect(pastYear, 'the demo has an edition with its published report').toBeGreaterThan(0);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

const newPage = () => openPage(browser, server, contexts);
const signedIn = async (email: string) => signInOn(await newPage(), email, password);

const heading = (page: Page, level: number, name: string | RegExp) => page.getByRole('heading', { level, name });

/** The initiatives' cards, each an article named by its title. */
const initiativeCards = (page: Page) => page.locator('#initiatives').getByRole('article');

async function supportCount(card: ReturnType<Page['locator']>): Promise<number> {
  const text = (await card.locator('.concertation-supports').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

describe('the yearly concertation workshops in the open', () => {
  test('the workshops page leads from the territory to the edition under way and to the past editions’ reports', async () => {
    const page = await newPage();
    await page.goto(`/t/${territorySlug}`);
    await page.getByRole('link', { name: 'Les ateliers de concertation et leurs rapports d’évaluation' }).click();
    await heading(page, 1, 'Ateliers de concertation').waitFor();
    await heading(page, 2, 'Édition en cours').waitFor();
    await page.getByRole('link', { name: 'Proposer une initiative' }).waitFor();
    const past = page.getByRole('table', { name: /Éditions passées des ateliers/ });
    await past.getByRole('row', { name: new RegExp(`^${pastYear}`) }).getByRole('link', { name: `Rapport ${pastYear}` }).waitFor();
    await expectAccessible(page, 'the workshops page');
    await screenshot(page, 'concertation-editions');
  });

  test('the open edition shows its phases, sessions, initiatives and the balance of participation', async () => {
    const page = await newPage();
    await page.goto(editionPath(openYear));
    await heading(page, 1, /./).waitFor();
    await heading(page, 2, 'Étapes de l’édition').waitFor();
    const current = page.locator('.phase-stepper [aria-current="step"]');
    expect(await current.textContent()).toMatch(/Contributions ouvertes.*étape actuelle/);
    expect(await page.locator('.phase-stepper li').count()).toBe(5);

    await heading(page, 2, 'Séances des ateliers').waitFor();
    const sessions = page.locator('#sessions').getByRole('article');
    await sessions.first().waitFor();
    // A French date, a place and the seats taken.
    expect(await sessions.first().textContent()).toMatch(/(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ 20\d\d, de \d\d:\d\d à \d\d:\d\d/);
    expect(await sessions.first().textContent()).toMatch(/inscrits?/);
    // Signed out, one is asked to sign in rather than shown buttons that would fail.
    await page.getByRole('link', { name: 'Connectez-vous pour vous inscrire, proposer ou soutenir une initiative' }).first().waitFor();
    expect(await page.getByRole('button', { name: /^S’inscrire/ }).count()).toBe(0);

    await heading(page, 2, 'Initiatives émergentes').waitFor();
    await initiativeCards(page).first().waitFor();
    expect(await initiativeCards(page).count()).toBeGreaterThan(1);
    expect(await initiativeCards(page).first().textContent()).toMatch(/\d+ soutiens?/);

    await heading(page, 2, 'Équilibre de la participation').waitFor();
    const balance = page.getByRole('table', { name: /Participation par type d’acteur/ });
    for (const kind of ['Acteurs publics', 'Acteurs privés', 'Citoyens et société civile']) await balance.getByRole('rowheader', { name: new RegExp(kind) }).waitFor();
    expect(await balance.getByRole('row', { name: /^Total/ }).textContent()).toMatch(/100\s?%/);
    await expectAccessible(page, 'the open edition');
    await screenshot(page, 'concertation-edition-fr');
  });

  test('a citizen supports an initiative and proposes one while contributions are open', async () => {
    const page = await signedIn(citizenEmail);
    await page.goto(editionPath(openYear));
    await initiativeCards(page).first().waitFor();
    const card = initiativeCards(page).filter({ has: page.getByRole('button', { name: /^Soutenir/, pressed: false }) }).first();
    const title = (await card.getByRole('heading', { level: 3 }).textContent()) ?? '';
    const before = await supportCount(card);
    await card.getByRole('button', { name: /^Soutenir/ }).click();
    // The list is re-ordered by supports: find the card again by its title.
    const supported = initiativeCards(page).filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
    await supported.getByRole('button', { name: /^Soutenir/, pressed: true }).waitFor();
    expect(await supportCount(supported)).toBe(before + 1);
    await supported.getByText('Vous soutenez cette initiative.').waitFor();

    // Pressing again withdraws the support.
    await supported.getByRole('button', { name: /^Soutenir/ }).click();
    await supported.getByRole('button', { name: /^Soutenir/, pressed: false }).waitFor();
    expect(await supportCount(supported)).toBe(before);
    await supported.getByRole('button', { name: /^Soutenir/ }).click();
    await supported.getByRole('button', { name: /^Soutenir/, pressed: true }).waitFor();

    await heading(page, 2, 'Proposer une initiative').waitFor();
    const proposal = 'Un atelier vélo solidaire au marché sur l’eau';
    // Sent empty first: the server names the fields at fault.
    await page.getByRole('button', { name: 'Proposer l’initiative' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Titre de l’initiative' }).waitFor();
    await page.getByLabel('Titre de l’initiative').fill(proposal);
    await page.getByLabel('Description').fill('Réparer les vélos des habitants avec eux, un samedi par mois, avec des pièces de réemploi.');
    const objectives = page.getByRole('group', { name: 'Objectifs de la vision concernés' }).getByRole('checkbox');
    if ((await objectives.count()) > 0) await objectives.first().check();
    await page.getByRole('button', { name: 'Proposer l’initiative' }).click();
    await page.getByRole('status').filter({ hasText: `Votre initiative « ${proposal} » est proposée.` }).waitFor();
    const mine = initiativeCards(page).filter({ has: page.getByRole('heading', { level: 3, name: proposal }) });
    await mine.waitFor();
    expect(await mine.textContent()).toMatch(/Proposée par Lucie Martin/);
    expect(await mine.textContent()).toMatch(/Citoyens et société civile/);
    await expectAccessible(page, 'the open edition, signed in');
    await screenshot(page, 'concertation-edition-signed-in');
  });

  test('a task force born from an emerging initiative links back to it, on the edition’s page', async () => {
    const initiatives = (await (await fetch(`${server.baseUrl}/api/v1/t/${territorySlug}/concertation/editions/${pastYear}/initiatives`)).json()) as {
      items: { id: string; title: string; outcome: { kind: string; path: string } | null }[];
    };
    const born = initiatives.items.find((initiative) => initiative.outcome?.kind === 'task_force');
    expect(born, 'the demo turned an initiative into a task force').toBeDefined();
    const page = await newPage();
    await page.goto(`/t/${territorySlug}${born!.outcome!.path}`);
    await page.getByRole('link', { name: `Née de l’initiative émergente « ${born!.title} » (ateliers ${pastYear})` }).click();
    await page.waitForURL((url) => url.pathname === editionPath(pastYear) && url.hash === `#initiative-${born!.id}`);
    // The initiative is brought into view and takes the focus, with what it became.
    await expect.poll(() => page.locator(`#initiative-${born!.id}:focus`).count()).toBe(1);
    await page.locator(`#initiative-${born!.id}`).getByText(/Retenue : elle est devenue la Task Force/).waitFor();
  });

  test('the past edition’s report reads as a page with its charts and tables, downloads as a PDF, and reads in English', async () => {
    const page = await newPage();
    await page.goto(editionPath(pastYear));
    await page.getByRole('link', { name: 'Lire le rapport en ligne' }).click();
    await page.waitForURL((url) => url.pathname === `${editionPath(pastYear)}/report`);
    await heading(page, 2, 'Sommaire').waitFor();
    await heading(page, 2, 'Vue d’ensemble').waitFor();
    await heading(page, 2, 'Méthode').waitFor();
    const sectionHeadings = await page.locator('.report-section > h2').allTextContents();
    expect(sectionHeadings.length).toBeGreaterThan(3);
    // Every entry of the table of contents leads to a heading of the page.
    const contents = await page.getByRole('navigation', { name: 'Sommaire' }).getByRole('link').allTextContents();
    expect(contents).toEqual(sectionHeadings);
    expect(await page.getByRole('table').count()).toBeGreaterThan(0);

    const charts = page.locator('.report-chart img');
    expect(await charts.count()).toBeGreaterThan(0);
    // The e2e sources are compiled without the DOM's types: an image is read through the members used here.
    type LoadedImage = { decode: () => Promise<void>; naturalWidth: number };
    await charts.evaluateAll((images) => Promise.all(images.map((image) => (image as unknown as LoadedImage).decode())));
    const widths = await charts.evaluateAll((images) => images.map((image) => (image as unknown as LoadedImage).naturalWidth));
    expect(widths.every((width) => width > 0)).toBe(true);
    const alts = await charts.evaluateAll((images) => images.map((image) => image.getAttribute('alt') ?? ''));
    expect(alts.every((alt) => alt.length > 10)).toBe(true);

    const pdfLink = page.getByRole('link', { name: 'Télécharger le rapport (PDF)' });
    const pdfHref = (await pdfLink.getAttribute('href')) ?? '';
    expect(pdfHref).toMatch(/report\.pdf\?lang=fr$/);
    const pdf = await page.request.get(pdfHref);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page, 'the past report');
    await screenshot(page, 'concertation-report-fr');

    // What moved since the baseline, figure by figure, with the direction in words.
    await page.getByRole('link', { name: 'Comparer en détail avec l’évaluation précédente' }).click();
    const commitments = page.getByRole('table', { name: /^Engagements : avancement avant/ });
    await commitments.getByRole('columnheader', { name: 'Avant' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Sens' }).count()).toBeGreaterThanOrEqual(2);
    await page.getByText(/en progrès/).first().waitFor();
    await expectAccessible(page, 'the comparison of two evaluations');
    await page.goBack();
    await heading(page, 2, 'Sommaire').waitFor();

    await page.getByRole('button', { name: /^EN/ }).click();
    await heading(page, 2, 'Contents').waitFor();
    await heading(page, 2, 'Overview').waitFor();
    await heading(page, 2, 'Method').waitFor();
    await page.getByRole('link', { name: 'Download the report (PDF)' }).waitFor();
    expect(await page.getByRole('link', { name: 'Download the report (PDF)' }).getAttribute('href')).toMatch(/lang=en$/);
    expect(await charts.first().getAttribute('src')).toMatch(/lang=en$/);
    await expectAccessible(page, 'the past report in English');
    await screenshot(page, 'concertation-report-en');

    await page.goto(editionPath(openYear));
    await heading(page, 2, 'Steps of the edition').waitFor();
    await heading(page, 2, 'Emerging initiatives').waitFor();
    await heading(page, 2, 'Balance of participation').waitFor();
    await initiativeCards(page).first().waitFor();
    await screenshot(page, 'concertation-edition-en');
  });
});
