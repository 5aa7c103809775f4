import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, launchBrowser, newPage as openPage, screenshot, signInOn, startServer, type RunningServer } from './harness.js';

const territorySlug = 'amiens-metropole';
const workspace = `/workspace/${territorySlug}/pact`;
const password = 'pacte21-demo';
const facilitatorEmail = 'facilitatrice@amiens-metropole.demo';
// Pierre Vasseur represents the Ferme maraîchère bio du Val d’Avre, a signatory of the demo Pact.
const representativeEmail = 'maraichage@amiens-metropole.demo';
const farm = 'Ferme maraîchère bio du Val d’Avre';
const taskForceName = 'Réemploi des matériaux de chantier';
const commitmentStatement = 'Fournir 20 t de compost aux chantiers de la métropole';
const editedStatement = 'Fournir 25 t de compost aux chantiers de la métropole';
const citizenEmail = 'lucie.martin@amiens-metropole.demo';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let taskForcePath = '';
let commitmentWorkspacePath = '';

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
/** A browser of one’s own, signed in: each person of the story keeps their session. */
const signedIn = async (email: string) => signInOn(await openPage(browser, server, contexts, 10_000), email, password);

const heading1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('the Pact in the workspace', () => {
  test('a facilitator previews and publishes a new vision version, keeping the objectives it carries over', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(`${workspace}/vision`);
    await heading1(page, 'La vision du Pacte').waitFor();
    const objectives = page.getByRole('table', { name: 'Objectifs de la nouvelle version' });
    // The demo's version 3 has six objectives (the workshops added one): a header row and six.
    await expect.poll(() => objectives.getByRole('row').count()).toBe(7);
    await page.getByLabel('Objectif 1 : Cible').fill('400');
    await page.getByRole('button', { name: 'Ajouter un objectif' }).click();
    // The focus moves into the new row, whose inputs are labelled by row and column.
    expect(await page.locator(':focus').getAttribute('id')).toBe('vision-objectives[6].title');
    await page.keyboard.type('Zéro artificialisation nette');
    await page.getByLabel('Objectif 7 : Cible').fill('12,5');
    await page.getByRole('button', { name: 'Publier la version 4' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Certains champs sont à corriger.').waitFor();
    await alert.getByRole('link', { name: 'Objectif 7 : Unité' }).waitFor();
    await page.getByLabel('Objectif 7 : Unité').fill('ha');
    await page.getByLabel('Objectif 7 : Indicateur').fill('zan_ha');
    await page.getByLabel('Objectif 7 : Valeur de départ').fill('40');
    await page.getByLabel('Objectif 7 : Année cible').fill('2031');
    const preview = page.getByRole('region', { name: 'Aperçu : ce qui changera de la version 3 à la version 4' });
    await preview.getByText('Cible : 420 → 400').waitFor();
    await preview.getByRole('heading', { name: 'Objectif ajouté (1)' }).waitFor();
    await expectAccessible(page, 'the vision editor');
    await screenshot(page, 'pact-workspace-vision');
    await page.getByRole('button', { name: 'Publier la version 4' }).click();
    await page.getByRole('status').getByText('La version 4 de la vision est publiée.').waitFor();

    await page.goto(`/t/${territorySlug}/pact/vision`);
    await page.getByRole('heading', { level: 2, name: 'Ce qui a changé de la version 3 à la version 4' }).waitFor();
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
    commitmentWorkspacePath = commitmentPath;
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

  test('the lead reports with an evidence file, is told why another is refused, and edits the commitment', async () => {
    expect(commitmentWorkspacePath).not.toBe('');
    const page = await signedIn(representativeEmail);
    await page.goto(commitmentWorkspacePath);
    await heading1(page, commitmentStatement).waitFor();
    const update = page.getByRole('region', { name: 'Publier une mise à jour' });

    await update.getByLabel(/^Fichier de preuve/).setInputFiles({ name: 'livraisons.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ not a report') });
    await update.getByRole('button', { name: 'Publier la mise à jour' }).click();
    const refused = page.getByRole('alert');
    await refused.getByRole('link', { name: 'Fichier de preuve' }).waitFor();
    await expect.poll(() => page.locator(':focus').getAttribute('role'), { message: 'the focus moves to the error summary' }).toBe('alert');
    const fileError = page.locator('#update-file-error');
    expect(await fileError.textContent()).toMatch(/Ce type de fichier n’est pas accepté/);
    expect(await update.getByLabel(/^Fichier de preuve/).getAttribute('aria-describedby')).toContain('update-file-error');
    expect(await page.getByRole('table', { name: /1 mise à jour/ }).count(), 'a refused report adds nothing').toBe(1);

    const report = Buffer.from('%PDF-1.4\n% Pacte 21 — livraisons de compost, bilan de juin\n%%EOF\n', 'utf8');
    const sha256 = createHash('sha256').update(report).digest('hex');
    await update.getByLabel(/^Avancement \(%\)/).fill('60');
    await update.getByLabel(/^Note/).fill('Bilan des livraisons joint.');
    await update.getByLabel(/^Fichier de preuve/).setInputFiles({ name: 'bilan-livraisons.pdf', mimeType: 'application/pdf', buffer: report });
    await update.getByRole('button', { name: 'Publier la mise à jour' }).click();
    await page.getByRole('status').getByText('Mise à jour publiée : En cours, 60 % réalisé.').waitFor();
    const latest = page.getByRole('table', { name: /2 mises à jour/ }).getByRole('row').nth(1);
    const download = latest.getByRole('link', { name: new RegExp(`^Télécharger bilan-livraisons\\.pdf \\(${report.length}\\soctets\\)$`) });
    expect(await latest.locator('code').textContent()).toBe(sha256);
    const fetched = await page.request.get((await download.getAttribute('href')) ?? '');
    expect(createHash('sha256').update(await fetched.body()).digest('hex')).toBe(sha256);

    const edit = page.getByRole('region', { name: 'Modifier l’engagement' });
    await edit.getByLabel(/^Engagement/).fill('');
    await edit.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Engagement' }).waitFor();
    expect(await edit.getByLabel(/^Engagement/).getAttribute('aria-invalid')).toBe('true');
    await edit.getByLabel(/^Engagement/).fill(editedStatement);
    await edit.getByLabel(/^Valeur cible/).fill('25');
    await edit.getByLabel(/^Poids/).fill('3');
    await expectAccessible(page, 'a commitment with its edit form');
    await edit.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('status').getByText('Les modifications de l’engagement sont enregistrées.').waitFor();
    await heading1(page, editedStatement).waitFor();
    await page.getByText('25 t (indicateur compost_supplied)').waitFor();
    await screenshot(page, 'pact-workspace-commitment-edit');
  });

  test('a facilitator cannot remove the last lead, and changes a member’s role then removes it', async () => {
    expect(taskForcePath).not.toBe('');
    const page = await signedIn(facilitatorEmail);
    await page.goto(taskForcePath);
    await heading1(page, taskForceName).waitFor();
    await page.getByRole('button', { name: `Retirer ${farm}` }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('C’est le dernier pilote de la Task Force.').waitFor();
    await alert.getByText(`${farm} est le dernier pilote : nommez d’abord un autre pilote, puis retirez celui-ci ou changez son rôle.`).waitFor();
    await page.getByRole('table', { name: '1 membre' }).waitFor();

    await page.getByRole('radio', { name: 'Personne', exact: true }).check();
    await page.getByRole('combobox', { name: /^Personne/ }).selectOption({ label: 'Lucie Martin' });
    await page.getByRole('combobox', { name: /^Rôle \*/ }).selectOption({ label: 'Membre' });
    await page.getByRole('button', { name: 'Enregistrer le membre' }).click();
    await page.getByRole('status').getByText('Lucie Martin est maintenant Membre de la Task Force.').waitFor();
    await page.getByRole('combobox', { name: 'Rôle de Lucie Martin' }).selectOption({ label: 'Observateur ou observatrice' });
    await page.getByRole('button', { name: 'Changer le rôle de Lucie Martin' }).click();
    await page.getByRole('status').getByText('Lucie Martin est maintenant Observateur ou observatrice de la Task Force.').waitFor();
    await page.getByRole('table', { name: '2 membres' }).getByRole('row', { name: /Lucie Martin.*Observateur ou observatrice/ }).waitFor();
    await expectAccessible(page, 'task force members with their actions');
    await screenshot(page, 'pact-workspace-members');
    await page.getByRole('button', { name: 'Retirer Lucie Martin' }).click();
    await page.getByRole('status').getByText('Lucie Martin n’est plus membre de la Task Force.').waitFor();
    await page.getByRole('table', { name: '1 membre' }).waitFor();
  });

  test('a citizen follows the task force, is notified of the commitment’s progress, and marks notifications read', async () => {
    expect(taskForcePath).not.toBe('');
    const lucie = await signedIn(citizenEmail);
    const taskForceId = taskForcePath.split('/').pop() ?? '';
    await lucie.goto(`/t/${territorySlug}/task-forces/${taskForceId}`);
    await heading1(lucie, taskForceName).waitFor();
    const follow = lucie.getByRole('button', { name: 'Suivre cette Task Force' });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await lucie.getByText('Vous suivez cette Task Force').waitFor();
    await expectAccessible(lucie, 'a task force followed');
    await screenshot(lucie, 'pact-task-force-followed');

    const lead = await signedIn(representativeEmail);
    await lead.goto(commitmentWorkspacePath);
    const update = lead.getByRole('region', { name: 'Publier une mise à jour' });
    await update.getByLabel(/^Avancement \(%\)/).fill('70');
    await update.getByRole('button', { name: 'Publier la mise à jour' }).click();
    await lead.getByRole('status').getByText('Mise à jour publiée : En cours, 70 % réalisé.').waitFor();

    await lucie.goto(`/workspace/${territorySlug}`);
    const navigation = lucie.getByRole('navigation', { name: /Espace de travail/ });
    const notificationsLink = navigation.getByRole('link', { name: /^Notifications \d+ non lues?$/ });
    await notificationsLink.waitFor();
    const unreadBefore = Number(/\d+/.exec((await notificationsLink.textContent()) ?? '')?.[0]);
    expect(unreadBefore).toBeGreaterThan(0);
    await notificationsLink.click();
    await heading1(lucie, 'Mes notifications').waitFor();
    const items = lucie.getByRole('list', { name: /notifications? affichées?/ }).getByRole('listitem');
    const newest = items.first();
    expect(await newest.textContent()).toMatch(/Non lue.*Engagement mis à jour.*Engagement à 70 % : Fournir 25 t de compost/);
    expect(await newest.getByRole('link', { name: `Engagement à 70 % : ${editedStatement}` }).getAttribute('href')).toBe(`/t/${territorySlug}/commitments/${commitmentWorkspacePath.split('/').pop() ?? ''}`);
    await lucie.getByText(`${unreadBefore} notification${unreadBefore > 1 ? 's' : ''} non lue${unreadBefore > 1 ? 's' : ''}.`).waitFor();
    await expectAccessible(lucie, 'the notifications page');
    await screenshot(lucie, 'pact-workspace-notifications');

    await newest.getByRole('button', { name: /^Marquer comme lue/ }).click();
    await expect.poll(() => newest.getByText('Non lue', { exact: true }).count()).toBe(0);
    await lucie.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await lucie.getByRole('status').getByText(/notifications? marquées? comme lues?/).waitFor();
    await lucie.getByText('0 notification non lue.').waitFor();
    await navigation.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });

  test('under consent, an objection is refused without its reason, then recorded with it', async () => {
    const page = await signedIn(representativeEmail);
    await page.goto(`${workspace}/task-forces`);
    await page.getByRole('link', { name: 'Circuits courts alimentaires' }).click();
    await heading1(page, 'Circuits courts alimentaires').waitFor();
    await page.getByRole('link', { name: 'Un menu 100 % local par semaine dans les cantines' }).click();
    await heading1(page, 'Un menu 100 % local par semaine dans les cantines').waitFor();
    await page.getByRole('radio', { name: 'Objection' }).check();
    await page.getByRole('button', { name: 'Changer le vote' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Raison de l’objection' }).waitFor();
    expect(await page.locator('#vote-reason-error').textContent()).toBe('Une objection dit pourquoi la proposition nuirait à la mission.');
    const votes = page.getByRole('table', { name: /votes?, publics?/ });
    expect(await votes.getByRole('row', { name: new RegExp(farm) }).textContent()).toMatch(/Consentement/);
    await page.getByLabel(/^Raison de l’objection/).fill('Les fermes ne livrent pas encore assez de légumes l’hiver pour tenir un menu chaque semaine.');
    await expectAccessible(page, 'a consent vote with an objection');
    await page.getByRole('button', { name: 'Changer le vote' }).click();
    await page.getByRole('status').getByText(`Vote enregistré : Objection, au nom de ${farm}.`).waitFor();
    expect(await votes.getByRole('row', { name: new RegExp(farm) }).textContent()).toMatch(/Objection.*Les fermes ne livrent pas encore assez de légumes/);
    await screenshot(page, 'pact-workspace-objection');
  });

  test('a facilitator imports commitments from CSV: a file with a bad row creates nothing, the corrected one creates them', async () => {
    const page = await signedIn(facilitatorEmail);
    await page.goto(`${workspace}/commitments`);
    await page.getByRole('link', { name: 'Importer des engagements (CSV)' }).click();
    await heading1(page, 'Importer des engagements').waitFor();
    const header = 'organisation,task_force,statement,indicator,target_value,unit,deadline,milestone_date,weight,status,progress';
    const good = `59312778009992,Circuits courts alimentaires,Ouvrir un marché de producteurs à Saint-Leu,,,,,2027-05-01,2,planned,0`;
    const bad = `00000000000000,Circuits courts alimentaires,Une ligne fautive,,,,,2027-13-01,1,planned,0`;
    const file = (rows: string[]) => ({ name: 'engagements.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n'), 'utf8') });

    await page.getByLabel(/^Fichier CSV/).setInputFiles(file([good, bad]));
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const refused = page.getByRole('alert');
    await refused.getByText('Le fichier a été refusé.').waitFor();
    await refused.getByText('Aucun engagement n’a été créé.').waitFor();
    const errors = refused.getByRole('table', { name: /erreurs? dans le fichier/ });
    const rows = errors.getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    for (const text of (await rows.allTextContents()).slice(1)) expect(text).toMatch(/^2/);
    await expectAccessible(page, 'a refused commitments import');
    await screenshot(page, 'pact-workspace-import-refused');
    const statements = async () =>
      ((await (await page.request.get(`/api/v1/t/${territorySlug}/commitments`)).json()) as { items: { statement: string }[] }).items.map((c) => c.statement);
    expect(await statements(), 'nothing was created').not.toContain('Ouvrir un marché de producteurs à Saint-Leu');

    await page.goto(`${workspace}/commitments/import`);
    await page.getByLabel(/^Fichier CSV/).setInputFiles(file([good]));
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const created = page.getByRole('status');
    await created.getByText('1 engagement a été créé.').waitFor();
    await created.getByRole('link', { name: 'Ouvrir un marché de producteurs à Saint-Leu' }).click();
    await heading1(page, 'Ouvrir un marché de producteurs à Saint-Leu').waitFor();
    await page.getByText('Ferme maraîchère bio du Val d’Avre').first().waitFor();
    expect((await statements()).filter((statement) => statement === 'Ouvrir un marché de producteurs à Saint-Leu')).toHaveLength(1);
  });
});
