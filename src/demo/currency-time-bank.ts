import type { Services } from '../app.js';
import type { Actor } from '../platform/auth/actor.js';
import { HOUR, type AcceptanceCategory, type ListingKind, type Owner, type TimeBankCategory } from '../modules/currency/model.js';
import { DEMO_TERRITORY_SLUG } from './territories.js';

// The time bank, payment requests and the directory of accepting organisations of the demo
// territory. People and organisations are those of territories.ts, found by email and by name.

type Member = readonly ['person', string] | readonly ['organisation', string];
const person = (emailLocalPart: string): Member => ['person', emailLocalPart];
const organisation = (name: string): Member => ['organisation', name];

const FOURNIL = 'Fournil coopératif Le Blé d’Ici';
const FARM = 'Ferme maraîchère bio du Val d’Avre';
const RESSOURCERIE = 'Ressourcerie La Seconde Main';
const ENERGY_COOP = 'Énergies Citoyennes de l’Amiénois';

// owner (who lists it: the person, or the organisation's representative), kind, category, title, description
const LISTINGS: readonly (readonly [Member, string, ListingKind, TimeBankCategory, string, string])[] = [
  [person('lucie.martin'), 'lucie.martin', 'offer', 'gardening', 'Taille de haies et potager', 'Je taille, je bêche, je sème avec vous ; outils fournis. Le samedi matin.'],
  [person('lucie.martin'), 'lucie.martin', 'want', 'computing', 'Installer un ordinateur pour ma mère', 'Un ordinateur portable à mettre en route, avec la visio pour parler aux petits-enfants.'],
  [person('yanis.haddad'), 'yanis.haddad', 'offer', 'computing', 'Dépannage informatique et logiciels libres', 'Ordinateur lent, virus, installation de Linux ou de LibreOffice. À domicile sur Amiens.'],
  [person('yanis.haddad'), 'yanis.haddad', 'want', 'transport', 'Covoiturage vers le marché de Boves', 'Le samedi matin, aller et retour depuis Saint-Leu.'],
  [person('odile.bernard'), 'odile.bernard', 'offer', 'language', 'Conversation en anglais et en allemand', 'Ancienne professeure : une heure de conversation par semaine, au café ou chez vous.'],
  [person('odile.bernard'), 'odile.bernard', 'offer', 'care', 'Visites de compagnie aux personnes âgées', 'Lecture, promenade, jeux de société ; quartier Henriville.'],
  [person('odile.bernard'), 'odile.bernard', 'want', 'repairs', 'Rempailler une chaise', 'Une chaise de famille dont l’assise est percée.'],
  [person('fournil-equipe'), 'fournil-equipe', 'offer', 'childcare', 'Garde d’enfants le mercredi après-midi', 'Deux enfants au plus, goûter compris.'],
  [person('menuiserie'), 'menuiserie', 'offer', 'crafts', 'Initiation au travail du bois', 'Rabot, ciseaux à bois, assemblages simples : repartez avec un tabouret.'],
  [organisation(RESSOURCERIE), 'ressourcerie', 'offer', 'repairs', 'Réparation de petit électroménager', 'Grille-pain, bouilloire, aspirateur : on répare ensemble à l’atelier de Camon.'],
  [organisation(FOURNIL), 'fournil', 'offer', 'cooking', 'Atelier pain au levain', 'Deux heures au fournil : levain, pétrissage, façonnage, cuisson.'],
  [organisation(FARM), 'maraichage', 'want', 'gardening', 'Coup de main pour la récolte des courges', 'En octobre, quelques matinées aux champs à Boves.'],
  [organisation(ENERGY_COOP), 'energie', 'offer', 'administration', 'Aide au dossier de rénovation énergétique', 'Nous remplissons avec vous la demande d’aide et lisons les devis.'],
];

// key, provider, receiver, minutes, listing title (or null), note, proposed by (email), confirmed by (email, or null: still proposed)
const EXCHANGES: readonly (readonly [string, Member, Member, number, string | null, string, string, string | null])[] = [
  ['demo-time-exchange-01', person('yanis.haddad'), person('lucie.martin'), 90, 'Dépannage informatique et logiciels libres', 'Ordinateur de la maman de Lucie', 'yanis.haddad', 'lucie.martin'],
  ['demo-time-exchange-02', person('lucie.martin'), person('odile.bernard'), 120, 'Taille de haies et potager', 'Haie du jardin', 'odile.bernard', 'lucie.martin'],
  ['demo-time-exchange-03', person('menuiserie'), person('odile.bernard'), 180, 'Rempailler une chaise', 'Chaise rempaillée', 'menuiserie', 'odile.bernard'],
  ['demo-time-exchange-04', person('lucie.martin'), organisation(FARM), 240, 'Coup de main pour la récolte des courges', 'Récolte du 12 octobre', 'maraichage', 'lucie.martin'],
  ['demo-time-exchange-05', person('odile.bernard'), person('yanis.haddad'), 60, 'Conversation en anglais et en allemand', 'Préparer un entretien en anglais', 'odile.bernard', null],
];

// payee, who asks (email), amount in cents, memo, days before expiry (or null), paid by (email, or null)
const PAYMENT_REQUESTS: readonly (readonly [Member, string, number, string, number | null, string | null])[] = [
  [organisation(FOURNIL), 'fournil-equipe', 1_240, 'Pain de campagne et brioche', null, 'lucie.martin'],
  [organisation(RESSOURCERIE), 'ressourcerie', 1_500, 'Lampe de bureau rénovée', null, null],
  [organisation(FARM), 'maraichage', 1_800, 'Panier de légumes de la semaine', 7, null],
  [person('yanis.haddad'), 'yanis.haddad', 450, 'Part du covoiturage vers Boves', null, null],
];

const ACCEPTING: readonly (readonly [string, AcceptanceCategory, string | null])[] = [
  [FOURNIL, 'food', 'Pain, viennoiseries ; Grain accepté en boutique et au marché.'],
  ['Supermarché coopératif L’Épi Amiénois', 'food', 'Pour les coopérateurs et les visiteurs.'],
  ['Restaurant L’Assiette Locale', 'food', 'Midi et soir, jusqu’à 100 % de l’addition.'],
  [FARM, 'food', 'Vente à la ferme le vendredi.'],
  ['Coopérative des maraîchers des hortillonnages', 'food', null],
  ['Brasserie des Hortillons', 'food', 'Bières brassées à Amiens, visite le samedi.'],
  [RESSOURCERIE, 'shops', 'Meubles, vaisselle, vêtements de seconde main.'],
  ['Atelier Fil Retrouvé, surcyclage textile', 'crafts', null],
  ['Menuiserie Bois d’Ici', 'crafts', 'Sur devis, jusqu’à 30 % en Grain.'],
  ['Atelier vélo participatif Roue Libre', 'transport', 'Adhésion et pièces détachées.'],
  ['Coopérative d’autopartage Roulons Ensemble', 'transport', null],
  [ENERGY_COOP, 'energy', 'Parts sociales et fourniture d’électricité.'],
  ['Coopérative numérique Libre Somme', 'services', 'Dépannage et formation aux logiciels libres.'],
];

/**
 * Seeds the time bank (listings, four confirmed exchanges and one waiting for its confirmation), four
 * payment requests (one paid) and the accepting organisations. Expects the territories demo to be
 * loaded (and works with or without the currency demo); `actor` (the demo's system actor) changes
 * euros for the payer if needed and signs the organisations up, as the currency operator would;
 * everything else is done by the people themselves.
 */
export async function seedTimeBankDemo(services: Services, actor: Actor): Promise<void> {
  const slug = DEMO_TERRITORY_SLUG;
  const people = new Map((await services.territories.listPeople(actor, slug)).map((p) => [p.email.split('@')[0]!, p.id]));
  const organisations = new Map((await services.territories.listOrganisations(slug, { limit: 1000 })).items.map((o) => [o.name, o.id]));
  const idOf = (map: Map<string, string>, key: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`The demo territory has no "${key}": load the territories demo first.`);
    return id;
  };
  const owner = ([type, key]: Member): Owner => (type === 'person' ? { type, id: idOf(people, key) } : { type, id: idOf(organisations, key) });
  const as = (emailLocalPart: string): Actor => ({ kind: 'person', personId: idOf(people, emailLocalPart), via: 'session' });

  const listings = new Map<string, string>();
  for (const [member, by, kind, category, title, description] of LISTINGS) {
    const listing = await services.timeBank.createListing(as(by), slug, { owner: owner(member), kind, category, title, description });
    listings.set(title, listing.id);
  }

  for (const [key, provider, receiver, minutes, listingTitle, note, proposer, confirmer] of EXCHANGES) {
    await services.timeBank.proposeExchange(as(proposer), slug, {
      key,
      provider: owner(provider),
      receiver: owner(receiver),
      minutes: BigInt(minutes),
      note,
      ...(listingTitle ? { listingId: idOf(listings, listingTitle) } : {}),
    });
    if (confirmer) await services.timeBank.confirmExchange(as(confirmer), slug, key);
  }

  // Each payer changes euros at the desk first if the currency demo did not give them enough.
  for (const paidBy of new Set(PAYMENT_REQUESTS.flatMap(([, , , , , payer]) => (payer ? [payer] : [])))) {
    const payer = owner(person(paidBy));
    const due = PAYMENT_REQUESTS.reduce((sum, [, , amount, , , p]) => (p === paidBy ? sum + BigInt(amount) : sum), 0n);
    const balance = (await services.currency.myAccounts(actor, slug, payer)).find((a) => a.kind === 'member' && a.unit !== HOUR)?.balance ?? 0n;
    if (balance < due) await services.currency.issue(actor, slug, { key: `demo-time-bank-desk-${paidBy}`, to: payer, amount: due - balance, memo: 'Comptoir d’échange' });
  }
  const day = 24 * 3600 * 1000;
  for (const [payee, by, amount, memo, expiresInDays, paidBy] of PAYMENT_REQUESTS) {
    const request = await services.paymentRequests.create(as(by), slug, {
      payee: owner(payee),
      amount: BigInt(amount),
      memo,
      ...(expiresInDays ? { expiresAt: new Date(Date.now() + expiresInDays * day).toISOString() } : {}),
    });
    if (paidBy) await services.paymentRequests.pay(as(paidBy), slug, request.id);
  }

  for (const [name, category, note] of ACCEPTING) {
    await services.currencyAcceptance.set(actor, slug, idOf(organisations, name), { accepts: true, category, note });
  }
}

/**
 * A proposal nobody confirmed, made `daysAgo` days back (more than the 30 days a proposal waits), then
 * the ledger's expiry as the server runs it every minute: its hold is voided, the hours are free again,
 * and the exchange reads expired. `past` are services whose clock reads that day; `present`, today's.
 */
export async function seedLapsedTimeBankProposal(past: Services, present: Services, actor: Actor, daysAgo = 45): Promise<void> {
  const slug = DEMO_TERRITORY_SLUG;
  const people = new Map((await past.territories.listPeople(actor, slug)).map((p) => [p.email.split('@')[0]!, p.id]));
  const menuiserie = people.get('menuiserie');
  const fournil = people.get('fournil-equipe');
  if (!menuiserie || !fournil) throw new Error('The demo territory has no menuiserie or fournil-equipe: load the territories demo first.');
  await past.timeBank.proposeExchange({ kind: 'person', personId: menuiserie, via: 'session' }, slug, {
    key: 'demo-time-exchange-06',
    provider: { type: 'person', id: menuiserie },
    receiver: { type: 'person', id: fournil },
    minutes: 45n,
    note: `Réglage de la porte du fournil (proposé il y a ${daysAgo} jours)`,
  });
  await present.currency.expireHolds(actor);
}

