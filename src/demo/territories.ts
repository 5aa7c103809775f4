import type { Services } from '../app.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Person } from '../platform/auth/people.js';
import type { OrganisationKind, OrganisationRole, TerritoryRole } from '../modules/territories/model.js';
import type { OrganisationView } from '../modules/territories/service.js';
import type { DemoAccount } from './seed.js';
import { personActor } from '../platform/auth/actor.js';

export const DEMO_TERRITORY_SLUG = 'amiens-metropole';
export const DEMO_EMAIL_DOMAIN = 'amiens-metropole.demo';

// The partners of the demo territory: fictional organisations that a sustainable territorial economy
// of the Amiénois would gather, placed in real member communes of Amiens Métropole (INSEE codes from
// the official geography), with real NAF rév. 2 sub-classes and coordinates near the commune's centre.
//
// SIRETs are made up, not looked up. SIREN = 8 digits from mulberry32 seeded with 2013 (the year of
// the Amiens workshop) + its Luhn key; NIC = 0999 + the key that makes the 14 digits pass Luhn. A random
// SIREN may belong to a registered company, but establishment n° 999 only exists in networks of a
// thousand sites, so these SIRETs should designate no real establishment. Public bodies got the SIRENs
// starting with 2, as INSEE numbers them. Citizen collectives are not registered: no SIRET, no NAF.
//
// Later modules refer to an organisation by its key (`demo.organisations.grain.id`).
type OrganisationRow = readonly [
  key: string,
  kind: OrganisationKind,
  name: string,
  siret: string | null,
  nafCode: string | null,
  communeInsee: string,
  address: string,
  latitude: number,
  longitude: number,
];

const ORGANISATIONS = [
  // key              kind                  name                                                     SIRET             NAF       commune  address                                                lat      lon
  ['waste',           'public_body',        'Service intercommunal des déchets',                     '26031673209990', '38.11Z', '80021', '40 rue Dejean, 80000 Amiens',                         49.8871, 2.2838],
  ['housing',         'public_body',        'Office public de l’habitat Somme Solidaire',            '26804599409997', '68.20A', '80021', '8 boulevard de Beauvillé, 80000 Amiens',              49.8850, 2.3050],
  ['tradeChamber',    'public_body',        'Maison des métiers et de l’artisanat de l’Amiénois',    '29102037809994', '94.11Z', '80021', '30 rue de la Vallée, 80000 Amiens',                   49.8955, 2.2860],
  ['centralKitchen',  'public_body',        'Cuisine centrale intercommunale',                       '20232820909997', '56.29A', '80489', '5 rue Paul Vaillant-Couturier, 80330 Longueau',       49.8705, 2.3560],
  ['renovationDesk',  'public_body',        'Guichet métropolitain de la rénovation énergétique',    '23100707109998', '84.13Z', '80021', '12 rue des Jacobins, 80000 Amiens',                   49.8920, 2.2975],
  ['ressourcerie',    'association',        'Ressourcerie La Seconde Main',                          '50001973209999', '47.79Z', '80164', '112 route de Corbie, 80450 Camon',                    49.8895, 2.3480],
  ['grain',           'association',        'Association Le Grain, monnaie locale de l’Amiénois',    '81937594009990', '94.99Z', '80021', '17 rue des Francs-Mûriers, 80000 Amiens',             49.8985, 2.2990],
  ['amap',            'association',        'AMAP Les Paniers de la Selle',                          '86198069609997', '94.99Z', '80724', '3 place de la Mairie, 80480 Saleux',                  49.8560, 2.2360],
  ['bikeWorkshop',    'association',        'Atelier vélo participatif Roue Libre',                  '83492097709991', '95.29Z', '80021', '54 rue Saint-Leu, 80000 Amiens',                      49.8990, 2.2950],
  ['textile',         'association',        'Atelier Fil Retrouvé, surcyclage textile',              '74252431709995', '13.92Z', '80021', '9 rue Vulfran Warmé, 80000 Amiens',                   49.9010, 2.2820],
  ['inclusionGarden', 'association',        'Jardin d’insertion La Bonne Graine',                    '86741323909990', '88.99B', '80674', '21 chemin de halage, 80136 Rivery',                   49.9040, 2.3250],
  ['compost',         'association',        'Compost’Amiénois',                                      '74650702909998', '38.21Z', '80632', '2 rue de la Selle, 80480 Pont-de-Metz',               49.8770, 2.2440],
  ['energyAgency',    'association',        'Agence locale de l’énergie et du climat de l’Amiénois', '73767068709993', '71.12B', '80021', '6 rue Gresset, 80000 Amiens',                         49.8930, 2.2990],
  ['recycling',       'business',           'Picardie Recyclage Matériaux',                          '47942222209999', '38.32Z', '80489', 'Zone d’activités de la Croix de Fer, 80330 Longueau', 49.8745, 2.3640],
  ['vegetableFarm',   'business',           'Ferme maraîchère bio du Val d’Avre',                    '59312778009992', '01.13Z', '80131', '4 chemin de la Vallée, 80440 Boves',                  49.8480, 2.3870],
  ['methanisation',   'business',           'Agri-Méthane de l’Amiénois',                            '95827143909994', '35.21Z', '80639', 'Route d’Allonville, 80260 Poulainville',              49.9440, 2.3180],
  ['carpentry',       'business',           'Menuiserie Bois d’Ici',                                 '40308549109998', '16.23Z', '80261', '15 rue de Saint-Fuscien, 80480 Dury',                 49.8480, 2.2750],
  ['sawmill',         'business',           'Scierie des bois de Saint-Fuscien',                     '67789817309998', '16.10A', '80702', '1 chemin du Bois, 80680 Saint-Fuscien',               49.8360, 2.3130],
  ['insulation',      'business',           'Isolation Écologique Picarde',                          '63263279009995', '43.29A', '80725', '27 rue de la République, 80480 Salouël',              49.8710, 2.2470],
  ['logistics',       'business',           'Somme Circuits Courts Logistique',                      '31574612309994', '49.41B', '80379', 'Parc d’activités Jules Verne, 80440 Glisy',           49.8720, 2.3880],
  ['brewery',         'business',           'Brasserie des Hortillons',                              '57804109709995', '11.05Z', '80021', '3 quai Bélu, 80000 Amiens',                           49.8975, 2.3010],
  ['buildingReuse',   'business',           'Réemploi BTP Picardie',                                 '60194187509995', '46.73A', '80160', '8 rue de Boves, 80330 Cagny',                         49.8560, 2.3460],
  ['restaurant',      'business',           'Restaurant L’Assiette Locale',                          '45191552409991', '56.10A', '80021', '11 rue Saint-Martin-aux-Waides, 80000 Amiens',        49.8960, 2.2980],
  ['bakery',          'cooperative',        'Fournil coopératif Le Blé d’Ici',                       '94221413109991', '10.71C', '80021', '48 rue du Hocquet, 80000 Amiens',                     49.8965, 2.3030],
  ['energyCoop',      'cooperative',        'Énergies Citoyennes de l’Amiénois',                     '61109789009995', '35.11Z', '80021', '22 rue Jules Barni, 80000 Amiens',                    49.8880, 2.2990],
  ['marketGardeners', 'cooperative',        'Coopérative des maraîchers des hortillonnages',         '52289379109990', '46.31Z', '80164', '2 rue des Hortillons, 80450 Camon',                   49.8915, 2.3380],
  ['carSharing',      'cooperative',        'Coopérative d’autopartage Roulons Ensemble',            '93670790009995', '77.11A', '80021', '1 place Alphonse Fiquet, 80000 Amiens',               49.8905, 2.3080],
  ['coopGrocery',     'cooperative',        'Supermarché coopératif L’Épi Amiénois',                 '80675920509991', '47.11C', '80021', '75 rue de la Hotoie, 80000 Amiens',                   49.8940, 2.2830],
  ['cuma',            'cooperative',        'CUMA de l’Amiénois',                                    '47141278309999', '01.61Z', '80020', '6 rue de Querrieu, 80260 Allonville',                 49.9400, 2.3640],
  ['digitalCoop',     'cooperative',        'Coopérative numérique Libre Somme',                     '50450452309996', '62.01Z', '80021', '4 rue Riolan, 80000 Amiens',                          49.8870, 2.2930],
  ['repairCafe',      'citizen_collective', 'Repair Café de Rivery',                                 null,             null,     '80674', 'Salle des fêtes, rue Baudrez, 80136 Rivery',          49.9020, 2.3200],
  ['zeroWaste',       'citizen_collective', 'Collectif Zéro Déchet Amiens',                          null,             null,     '80021', 'Maison des associations, 80000 Amiens',               49.8930, 2.2930],
  ['sharedGardens',   'citizen_collective', 'Jardins partagés de Saint-Maurice',                     null,             null,     '80021', 'Rue du Faubourg de Hem, 80000 Amiens',                49.9000, 2.2780],
  ['cigales',         'citizen_collective', 'Club CIGALES de l’Amiénois',                            null,             null,     '80489', 'Maison pour tous, 80330 Longueau',                    49.8720, 2.3580],
] as const satisfies readonly OrganisationRow[];

export type DemoOrganisationKey = (typeof ORGANISATIONS)[number][0];

type PersonRow = readonly [
  key: string,
  emailLocalPart: string,
  displayName: string,
  territoryRoles: readonly TerritoryRole[],
  memberships: readonly (readonly [DemoOrganisationKey, OrganisationRole])[],
];

// Everyone signs in as <email>@amiens-metropole.demo with the demo password. Territory roles are granted by the facilitator, and
// memberships too; someone with neither joined the territory themself, as a citizen does from the
// portal. Each account costs one password hash (~80 ms): keep the list short.
const PEOPLE = [
  // key               email               name               territory roles        organisation memberships
  ['facilitator',      'facilitatrice',     'Claire Dumont',   ['facilitator'],       []],
  ['currencyOperator', 'operateur-monnaie', 'Karim Benali',    ['currency_operator'], [['grain', 'representative']]],
  ['auditor',          'auditrice',         'Nathalie Leroy',  ['auditor'],           []],
  ['wasteLead',        'dechets',           'Marc Delattre',   [],                    [['waste', 'representative']]],
  ['ressourcerieLead', 'ressourcerie',      'Julien Caron',    [],                    [['ressourcerie', 'representative']]],
  ['recyclingLead',    'recyclage',         'Sophie Lefebvre', [],                    [['recycling', 'representative']]],
  ['bakeryLead',       'fournil',           'Thomas Dupuis',   [],                    [['bakery', 'representative']]],
  ['bakeryStaff',      'fournil-equipe',    'Emma Roussel',    [],                    [['bakery', 'staff'], ['amap', 'staff']]],
  ['farmLead',         'maraichage',        'Pierre Vasseur',  [],                    [['vegetableFarm', 'representative'], ['marketGardeners', 'staff']]],
  ['energyLead',       'energie',           'Amélie Fontaine', [],                    [['energyCoop', 'representative']]],
  ['carpentryStaff',   'menuiserie',        'Hugo Lemaire',    [],                    [['carpentry', 'staff']]],
  ['citizenLucie',     'lucie.martin',      'Lucie Martin',    [],                    []],
  ['citizenYanis',     'yanis.haddad',      'Yanis Haddad',    [],                    []],
  ['citizenOdile',     'odile.bernard',     'Odile Bernard',   [],                    []],
] as const satisfies readonly PersonRow[];

export type DemoPersonKey = (typeof PEOPLE)[number][0];

/** What the territories seeder made, for the seeders of later modules to build on. */
export interface DemoTerritory {
  readonly slug: string;
  readonly organisations: Readonly<Record<DemoOrganisationKey, OrganisationView>>;
  readonly people: Readonly<Record<DemoPersonKey, Person>>;
  readonly accounts: DemoAccount[];
}

export async function seedTerritoriesDemo(services: Services, actor: Actor, password: string): Promise<DemoTerritory> {
  const slug = DEMO_TERRITORY_SLUG;
  await services.territories.createTerritory(actor, {
    slug,
    level: 'epci',
    inseeCode: '248000531',
    name: 'Amiens Métropole',
    currencyCode: 'GRAIN',
    currencyName: 'Le Grain',
  });

  const organisations = {} as Record<DemoOrganisationKey, OrganisationView>;
  for (const [key, kind, name, siret, nafCode, communeInsee, address, latitude, longitude] of ORGANISATIONS) {
    organisations[key] = await services.territories.createOrganisation(actor, slug, { name, kind, siret, nafCode, communeInsee, address, latitude, longitude });
  }

  const people = {} as Record<DemoPersonKey, Person>;
  const accounts: DemoAccount[] = [];
  for (const [key, localPart, displayName, territoryRoles, memberships] of PEOPLE) {
    const person = await services.auth.createAccount(actor, { email: `${localPart}@${DEMO_EMAIL_DOMAIN}`, password, displayName });
    people[key] = person;
    if (territoryRoles.length > 0) {
      await services.territories.addPerson(actor, slug, { email: person.email, displayName });
      await services.territories.setRoles(actor, slug, person.id, territoryRoles);
    }
    for (const [organisation, role] of memberships) {
      await services.territories.addMember(actor, slug, organisations[organisation].id, { email: person.email, role });
    }
    if (territoryRoles.length === 0 && memberships.length === 0) {
      await services.territories.join(personActor(person.id), slug);
    }
    accounts.push({ email: person.email, displayName, roles: describeRoles(territoryRoles, memberships, organisations) });
  }

  return { slug, organisations, people, accounts };
}

function describeRoles(
  territoryRoles: readonly TerritoryRole[],
  memberships: readonly (readonly [DemoOrganisationKey, OrganisationRole])[],
  organisations: Record<DemoOrganisationKey, OrganisationView>,
): string {
  const held = [...territoryRoles, ...memberships.map(([key, role]) => `${role} of ${organisations[key].name}`)];
  return held.length > 0 ? held.join('; ') : 'citizen';
}
