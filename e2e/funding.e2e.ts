import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, newPage as openPage, screenshot, signInOn, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const password = 'pacte21-demo';
// Amélie Fontaine represents the energy cooperative, lead of the renovation task force; Claire Dumont facilitates;
// Hugo Lemaire (carpentry staff) has never pledged, so the Metropolis' pool matches his first pledge.
const leadEmail = 'energie@amiens-metropole.demo';
const facilitatorEmail = 'facilitatrice@amiens-metropole.demo';
const citizenEmail = 'menuiserie@amiens-metropole.demo';
const taskForceName = 'Guichet unique de la rénovation thermique';
const successfulCampaign = 'Isolons ensemble les combles de la rue Saint-Leu';
const newCampaign = 'Des panneaux solaires pour la rue Saint-Leu';
// The smallest PDF the server's first-bytes check accepts as a receipt.
const receipt = Buffer.from('%PDF-1.4\n% e2e receipt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

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

const newPage = () => openPage(browser, server, contexts);
const signedIn = async (email: string) => signInOn(await newPage(), email, password);

const heading = (page: Page, level: number, name: string | RegExp) => page.getByRole('heading', { level, name });

describe('funding in the open', () => {
  test('a task force shows its funding plan with coverage by source, its budget execution, and its successful campaign’s outcome', async () => {
    const page = await newPage();
    await page.goto(`/t/${territorySlug}`);
    await page.getByRole('link', { name: 'Le financement de chaque Task Force (depuis le Pacte)' }).waitFor();
    await page.goto(`/t/${territorySlug}/pact`);
    await page.getByRole('link', { name: taskForceName }).click();
    await heading(page, 1, taskForceName).waitFor();
    taskForcePath = new URL(page.url()).pathname;

    await heading(page, 2, 'Financement : sources et couverture').waitFor();
    const byKind = page.getByRole('table', { name: /Couverture par type de source/ });
    await byKind.waitFor();
    expect(await byKind.getByRole('row', { name: /^Subvention/ }).textContent()).toMatch(/45\s000,00\s€/);
    expect(await byKind.getByRole('row', { name: /^Total/ }).textContent()).toMatch(/\d+,\d\s%/);
    await page.getByText('Reste à trouver', { exact: true }).waitFor();
    const lines = page.getByRole('table', { name: /lignes de financement : source, financeur, montant et état/ });
    expect(await lines.getByRole('row', { name: /Banque des Territoires/ }).textContent()).toMatch(/prêt.*30\s000,00\s€.*Accordé le/);
    await lines.getByRole('row', { name: /Région Hauts-de-France/ }).getByText(/Reçu le/).waitFor();

    await heading(page, 2, 'Exécution du budget : prévu et réalisé').waitFor();
    await page.getByRole('table', { name: 'Prévu et réalisé par poste budgétaire, en euros' }).waitFor();
    await page.getByRole('table', { name: 'Prévu et réalisé par financeur, en euros' }).getByRole('row', { name: /Région Hauts-de-France/ }).waitFor();
    const expenses = page.getByRole('table', { name: /dépenses de la Task Force/ });
    await expenses.getByRole('row', { name: /Repas de chantier/ }).getByText('Refusée').waitFor();
    const executionCsv = page.getByRole('link', { name: 'Exécution du budget : prévu et réalisé (CSV)' });
    const csv = await (await page.request.get(new URL((await executionCsv.getAttribute('href'))!, server.baseUrl).toString())).text();
    expect(csv.split('\r\n')[0]).toBe('task_force_id,task_force_name,dimension,label,funder_organisation_id,planned_cents,secured_cents,committed_cents,paid_cents,remaining_cents,committed_percent');
    expect(csv).toMatch(/,funder,Région Hauts-de-France,,\d+,\d+,\d+,\d+,-?\d+,/);
    await expectAccessible(page, 'the task force page with its funding');
    await screenshot(page, 'funding-task-force');

    await page.getByRole('table', { name: /campagnes de la Task Force/ }).getByRole('link', { name: successfulCampaign }).click();
    await heading(page, 1, successfulCampaign).waitFor();
    const outcome = page.getByRole('note').filter({ hasText: 'Campagne réussie' });
    await outcome.getByText(/réunis pour un objectif de 1\s500,00\s€/).waitFor();
    await page.getByRole('progressbar', { name: /réunis sur un objectif de 1\s500,00\s€ \(\d+,\d\s%\)/ }).waitFor();
    await page.getByText(/Tout ou rien : la campagne ne réussit que si/).waitFor();
    await page.getByRole('table', { name: 'Le fonds qui abonde cette campagne' }).getByText(/sur 3\s000,00\s€/).waitFor();
    await expectAccessible(page, 'a successful campaign');
    await screenshot(page, 'funding-campaign-succeeded');

    await page.getByRole('link', { name: 'Campagnes de financement participatif' }).click();
    await page.getByRole('link', { name: 'Un chauffe-eau solaire pour l’école Saint-Maurice' }).click();
    await page.getByRole('note').filter({ hasText: 'Objectif non atteint' }).getByText(/chaque contributeur a retrouvé sa monnaie locale/).waitFor();
  });
});

describe('campaigns, pledges and expenses in the workspace', () => {
  test('a lead edits a project’s cost lines: a row added, a wrong amount named, the total follows', async () => {
    const lead = await signedIn(leadEmail);
    await lead.goto(`/workspace/${territorySlug}/funding`);
    await lead.getByRole('link', { name: taskForceName, exact: true }).click();
    await heading(lead, 3, 'Coûts des projets').waitFor();
    const project = 'Rénovation de 12 maisons de la rue Saint-Leu';
    await lead.getByText(`Modifier les postes de coût de « ${project} »`).click();
    const form = lead.getByRole('form', { name: `Postes de coût de « ${project} »` });
    await form.getByRole('group', { name: 'Poste de coût 1' }).getByRole('textbox', { name: /^Libellé/ }).waitFor();
    expect(await form.getByRole('group', { name: 'Poste de coût 2' }).getByRole('textbox', { name: /^Libellé/ }).inputValue()).toBe('Formation des artisans au chantier');
    await form.getByRole('button', { name: 'Ajouter un poste de coût' }).click();
    const added = form.getByRole('group', { name: 'Poste de coût 3' });
    await added.getByRole('textbox', { name: /^Libellé/ }).fill('Échafaudage partagé');
    await added.getByRole('combobox', { name: 'Poste budgétaire' }).selectOption({ index: 1 });
    await added.getByRole('textbox', { name: /^Montant/ }).fill('trois mille');
    await form.getByRole('button', { name: 'Enregistrer les postes de coût' }).click();
    await lead.getByRole('alert').getByRole('link', { name: 'Poste 3, Montant' }).waitFor();
    await added.getByRole('textbox', { name: /^Montant/ }).fill('3 500');
    await form.getByRole('button', { name: 'Enregistrer les postes de coût' }).click();
    await lead.getByRole('status').getByText(/Postes de coût de « Rénovation de 12 maisons de la rue Saint-Leu » enregistrés : coût total 25\s500,00\s€\./).waitFor();
    await lead.getByRole('table', { name: /projets/ }).getByRole('row', { name: new RegExp(project) }).getByText(/25\s500,00\s€/).waitFor();
    await expectAccessible(lead, 'the project cost lines editor');
    await screenshot(lead, 'funding-workspace-project-costs');

    await lead.reload();
    await lead.getByText(`Modifier les postes de coût de « ${project} »`).click();
    expect(await lead.getByRole('form', { name: `Postes de coût de « ${project} »` }).getByRole('group', { name: 'Poste de coût 3' }).getByRole('textbox', { name: /^Libellé/ }).inputValue()).toBe('Échafaudage partagé');
  });

  test('a lead opens a campaign, and a resident pledges in euros, told that no payment is taken, matched by the pool', async () => {
    const lead = await signedIn(leadEmail);
    await lead.goto(`/workspace/${territorySlug}/funding`);
    await lead.getByRole('link', { name: taskForceName, exact: true }).click();
    await heading(lead, 1, `Sources de financement — ${taskForceName}`).waitFor();
    await lead.getByRole('navigation', { name: `Financement de ${taskForceName}` }).getByRole('link', { name: 'Campagnes' }).click();
    await heading(lead, 2, 'Préparer une campagne').waitFor();
    await lead.getByRole('combobox', { name: /^Projet/ }).selectOption({ label: 'Rénovation de 12 maisons de la rue Saint-Leu' });
    await lead.getByRole('button', { name: 'Créer le brouillon' }).click();
    const alert = lead.getByRole('alert');
    await alert.getByText('Certains champs sont à corriger.').waitFor();
    await alert.getByRole('link', { name: 'Objectif' }).waitFor();
    await lead.getByRole('textbox', { name: /^Titre de la campagne/ }).fill(newCampaign);
    await lead.getByRole('textbox', { name: /^Objectif/ }).fill('2 000');
    await lead.getByRole('button', { name: 'Créer le brouillon' }).click();
    await lead.getByText(`Brouillon « ${newCampaign} » créé : ouvrez-le quand il est prêt.`).waitFor();
    const draftItem = lead.getByRole('list', { name: /campagnes de la Task Force/ }).getByRole('listitem').filter({ hasText: newCampaign });
    await draftItem.getByText('Modifier le brouillon').click();
    const draftForm = draftItem.getByRole('form', { name: `Modifier le brouillon « ${newCampaign} »` });
    expect(await draftForm.getByRole('textbox', { name: /^Objectif/ }).inputValue()).toMatch(/^2\s?000,00$/);
    await draftForm.getByRole('textbox', { name: /^Titre de la campagne/ }).fill('');
    await draftForm.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await draftItem.getByRole('alert').getByRole('link', { name: 'Titre de la campagne' }).waitFor();
    await draftForm.getByRole('textbox', { name: /^Titre de la campagne/ }).fill(newCampaign);
    await draftForm.getByRole('textbox', { name: /^Objectif/ }).fill('2 500');
    await draftForm.getByRole('textbox', { name: /^Présentation/ }).fill('Douze toits, une seule commande groupée de panneaux.');
    await draftForm.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await draftItem.getByText(`Brouillon « ${newCampaign} » enregistré.`).waitFor();
    await draftItem.getByRole('progressbar', { name: /sur un objectif de 2\s500,00\s€/ }).waitFor();
    await screenshot(lead, 'funding-workspace-campaign-draft-edit');
    await lead.getByRole('button', { name: `Ouvrir « ${newCampaign} » aux promesses` }).click();
    await lead.getByRole('list', { name: /campagnes de la Task Force/ }).getByRole('listitem').filter({ hasText: newCampaign }).getByText('Ouverte aux promesses').waitFor();
    await expectAccessible(lead, 'the campaign setup');
    await screenshot(lead, 'funding-workspace-campaigns');

    const citizen = await signedIn(citizenEmail);
    await citizen.goto(`/t/${territorySlug}/campaigns`);
    await citizen.getByRole('table', { name: /campagne ouverte aux promesses/ }).getByRole('link', { name: newCampaign }).click();
    await heading(citizen, 2, 'Promettre').waitFor();
    await citizen.getByText(/aucun paiement n’est pris ici/).first().waitFor();
    await citizen.getByRole('radio', { name: /En monnaie locale/ }).check();
    await citizen.getByText(/Solde disponible : [\d\s]+,\d\d\sGRAIN/).waitFor();
    await citizen.getByRole('radio', { name: /En euros/ }).check();
    await citizen.getByRole('textbox', { name: /^Montant/ }).fill('20');
    await citizen.getByRole('button', { name: 'Promettre en euros' }).click();
    const done = citizen.getByRole('status').filter({ hasText: /Votre promesse de 20,00\s€/ });
    await done.getByText(/Les financeurs ajoutent 20,00\s€/).waitFor();
    await done.getByText(/Aucun paiement n’a été pris/).waitFor();
    await citizen.getByRole('progressbar', { name: /40,00\s€ réunis sur un objectif de 2\s500,00\s€/ }).waitFor();
    await citizen.getByText('Douze toits, une seule commande groupée de panneaux.').waitFor();
    const mine = citizen.getByRole('table', { name: 'Ma promesse à cette campagne' });
    await mine.getByRole('row', { name: /Moi-même/ }).getByText('Promesse enregistrée, en attente de l’échéance').waitFor();
    await expectAccessible(citizen, 'a campaign after pledging');
    await screenshot(citizen, 'funding-pledge');
  });

  test('an expense is drafted with its receipt and submitted; its author cannot approve it, another approver can', async () => {
    const lead = await signedIn(leadEmail);
    await lead.goto(`/workspace/${territorySlug}/funding${taskForcePath.replace(`/t/${territorySlug}`, '')}/expenses`);
    await heading(lead, 2, 'Règle d’approbation').waitFor();
    await lead.getByText(/approuvée par 2 personnes distinctes/).waitFor();
    await lead.getByRole('textbox', { name: /^Bénéficiaire du paiement/ }).fill('Imprimerie du Beffroi');
    await lead.getByRole('textbox', { name: /^Objet/ }).fill('Affiches de la réunion publique');
    await lead.getByRole('textbox', { name: /^Montant/ }).fill('150');
    await lead.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await lead.getByText('« Affiches de la réunion publique » est enregistrée en brouillon.', { exact: false }).waitFor();
    const item = lead.getByRole('listitem').filter({ has: lead.getByRole('heading', { name: /Affiches de la réunion publique/ }) });
    await item.getByText('Modifier le brouillon').click();
    const editForm = item.getByRole('form', { name: 'Modifier « Affiches de la réunion publique »' });
    expect(await editForm.getByRole('textbox', { name: /^Bénéficiaire du paiement/ }).inputValue()).toBe('Imprimerie du Beffroi');
    await editForm.getByRole('textbox', { name: /^Montant/ }).fill('cent');
    await editForm.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await item.getByRole('alert').getByRole('link', { name: 'Montant' }).waitFor();
    await editForm.getByRole('textbox', { name: /^Montant/ }).fill('180');
    await editForm.getByRole('textbox', { name: /^Date de la dépense/ }).fill('2026-03-02');
    await editForm.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await item.getByText('« Affiches de la réunion publique » : modifications enregistrées.').waitFor();
    await heading(lead, 3, /Affiches de la réunion publique — 180,00\s€/).waitFor();
    await item.getByText('2 mars 2026').waitFor();
    await item.getByLabel('Fichier de la pièce justificative').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: receipt });
    await item.getByRole('button', { name: 'Joindre la pièce' }).click();
    await item.getByRole('link', { name: 'Télécharger la pièce (facture.pdf)' }).waitFor();
    await item.getByRole('button', { name: 'Soumettre pour approbation' }).click();
    await item.getByText('Vous avez saisi cette dépense : une autre personne chargée de l’approbation doit décider.').waitFor();
    expect(await item.getByRole('button', { name: 'Approuver' }).count()).toBe(0);
    await expectAccessible(lead, 'the expenses of a task force');
    await screenshot(lead, 'funding-workspace-expenses');

    const facilitator = await signedIn(facilitatorEmail);
    await facilitator.goto(new URL(lead.url()).pathname);
    const submitted = facilitator.getByRole('listitem').filter({ has: facilitator.getByRole('heading', { name: /Affiches de la réunion publique/ }) });
    await submitted.getByRole('button', { name: 'Refuser' }).click();
    await submitted.getByText('Dites pourquoi la dépense est refusée.').first().waitFor();
    await submitted.getByRole('button', { name: 'Approuver' }).click();
    await submitted.getByText(/Approuvée par vous le/).waitFor();
    await submitted.getByText('1 sur 2 requises').waitFor();

    // Approvers are named, to the author and to the public.
    await lead.reload();
    await item.getByText(/Approuvée par Claire Dumont le/).waitFor();
    const publicPage = await newPage();
    await publicPage.goto(taskForcePath);
    await publicPage.getByRole('table', { name: /dépenses de la Task Force/ }).getByRole('row', { name: /Affiches de la réunion publique/ }).getByText('Approuvée par Claire Dumont').waitFor();
  });
});
