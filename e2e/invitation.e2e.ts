import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const facilitator = { email: 'facilitatrice@amiens-metropole.demo', password: 'pacte21-demo' };
const invitee = { email: 'ines.invitee@example.org', displayName: 'Inès Invitée', chosenName: 'Inès Bernard' };
const newPassword = 'un-mot-de-passe-bien-long';

let server: RunningServer;
let browser: Browser;
/** The facilitator's browser. */
let facilitatorContext: BrowserContext;
let page: Page;
/** The invited person's own browser, with no session. */
let inviteeContext: BrowserContext;
let inviteePage: Page;
let invitationUrl = '';

function heading1(on: Page, name: string | RegExp) {
  return on.getByRole('heading', { level: 1, name });
}

async function newContext(): Promise<BrowserContext> {
  // The server's Content-Security-Policy forbids inline scripts, which is how axe-core is injected.
  const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true, locale: 'fr-FR' });
  context.setDefaultTimeout(10_000);
  return context;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  facilitatorContext = await newContext();
  page = await facilitatorContext.newPage();
});

afterAll(async () => {
  await inviteeContext?.close();
  await facilitatorContext?.close();
  await browser?.close();
  await server?.stop();
});

describe('invitations', () => {
  test('the facilitator adds a person and creates their one-time invitation link', async () => {
    await page.goto(`/sign-in?next=${encodeURIComponent(`/workspace/${territorySlug}/people`)}`);
    await page.getByLabel('Adresse électronique').fill(facilitator.email);
    await page.getByLabel('Mot de passe').fill(facilitator.password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await heading1(page, 'Personnes').waitFor();

    await page.getByLabel('Adresse électronique').fill(invitee.email);
    await page.getByLabel('Nom affiché').fill(invitee.displayName);
    await page.getByRole('button', { name: 'Ajouter la personne' }).click();
    await page.getByRole('status').getByText(`${invitee.displayName} a été ajouté ou ajoutée au territoire.`).waitFor();

    await page.getByRole('button', { name: `Créer un lien d’invitation — ${invitee.displayName}` }).click();
    await page.getByText(`Lien d’invitation pour ${invitee.displayName}`).waitFor();
    await page.getByText('valable 14 jours et ne sert qu’une seule fois').waitFor();
    await page.getByText(/^Valable jusqu’au .*2\d{3}/).waitFor();
    const link = page.getByLabel('Lien d’invitation');
    expect(await link.getAttribute('readonly')).not.toBeNull();
    invitationUrl = await link.inputValue();
    expect(invitationUrl).toMatch(new RegExp(`^${server.baseUrl}/invitation/[^/]+$`));
    await page.getByRole('button', { name: 'Copier le lien' }).waitFor();
    await screenshot(page, 'people-invitation-link');
    await expectAccessible(page, 'the people page with an invitation link');
  });

  test('says so, instead of creating a link, for a person who can already sign in', async () => {
    const row = page.getByRole('row').filter({ hasText: facilitator.email });
    await row.getByRole('button', { name: /^Créer un lien d’invitation/ }).click();
    await page.getByRole('status').getByText('peut déjà se connecter avec son mot de passe').waitFor();
    expect(await page.getByLabel('Lien d’invitation').count()).toBe(0);
  });

  test('the invited person opens the link in their own browser, chooses a password and lands in the workspace', async () => {
    inviteeContext = await newContext();
    inviteePage = await inviteeContext.newPage();
    await inviteePage.goto(invitationUrl);
    await heading1(inviteePage, 'Rejoindre Pacte 21').waitFor();
    expect(await inviteePage.title()).toBe('Invitation — Pacte 21');
    await screenshot(inviteePage, 'invitation');
    await expectAccessible(inviteePage, 'the invitation page');

    // The confirmation is checked before anything is sent.
    await inviteePage.getByLabel(/^Mot de passe/).fill(newPassword);
    await inviteePage.getByLabel('Confirmation du mot de passe').fill(`${newPassword}!`);
    await inviteePage.getByRole('button', { name: 'Choisir ce mot de passe et me connecter' }).click();
    await inviteePage.getByRole('alert').getByRole('link', { name: 'Confirmation du mot de passe' }).waitFor();
    const confirmation = inviteePage.getByLabel('Confirmation du mot de passe');
    expect(await confirmation.getAttribute('aria-invalid')).toBe('true');
    await inviteePage.getByText('Les deux mots de passe saisis ne sont pas identiques.').first().waitFor();
    await screenshot(inviteePage, 'invitation-mismatch');
    await expectAccessible(inviteePage, 'the invitation page with an error');

    // The server refuses a short password, beside the field.
    await inviteePage.getByLabel(/^Mot de passe/).fill('court');
    await confirmation.fill('court');
    await inviteePage.getByRole('button', { name: 'Choisir ce mot de passe et me connecter' }).click();
    await inviteePage.getByRole('alert').getByText('Le mot de passe est trop court.').waitFor();
    expect(await inviteePage.getByLabel(/^Mot de passe/).getAttribute('aria-invalid')).toBe('true');

    await inviteePage.getByLabel('Nom affiché').fill(invitee.chosenName);
    await inviteePage.getByLabel(/^Mot de passe/).fill(newPassword);
    await confirmation.fill(newPassword);
    await inviteePage.getByRole('button', { name: 'Choisir ce mot de passe et me connecter' }).click();
    await heading1(inviteePage, 'Espace de travail').waitFor();
    expect(inviteePage.url()).toBe(`${server.baseUrl}/workspace`);
    await inviteePage.getByText(`Bonjour ${invitee.chosenName}.`).waitFor();
    await inviteePage.getByRole('main').getByRole('link', { name: 'Amiens Métropole', exact: true }).waitFor();
  });

  test('refuses a link used already, and an unknown one, in words', async () => {
    await inviteePage.goto(invitationUrl);
    await heading1(inviteePage, 'Rejoindre Pacte 21').waitFor();
    await inviteePage.getByText(`Vous êtes connecté ou connectée en tant que ${invitee.chosenName}.`).waitFor();
    await inviteePage.getByLabel(/^Mot de passe/).fill(newPassword);
    await inviteePage.getByLabel('Confirmation du mot de passe').fill(newPassword);
    await inviteePage.getByRole('button', { name: 'Choisir ce mot de passe et me connecter' }).click();
    await inviteePage.getByRole('alert').getByText('Ce lien d’invitation a déjà servi').waitFor();
    await inviteePage.getByRole('link', { name: 'Se connecter avec mon mot de passe' }).waitFor();

    await inviteePage.goto('/invitation/not-a-real-token');
    await heading1(inviteePage, 'Rejoindre Pacte 21').waitFor();
    await inviteePage.getByLabel(/^Mot de passe/).fill(newPassword);
    await inviteePage.getByLabel('Confirmation du mot de passe').fill(newPassword);
    await inviteePage.getByRole('button', { name: 'Choisir ce mot de passe et me connecter' }).click();
    await inviteePage.getByRole('alert').getByText('Ce lien d’invitation n’est pas valide.').waitFor();
  });
});
