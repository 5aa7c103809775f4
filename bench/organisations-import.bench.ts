import { createServices, type Services } from '../src/app.js';
import { systemActor } from '../src/platform/auth/actor.js';
import { ORGANISATION_KINDS, type OrganisationInput } from '../src/modules/territories/model.js';
import { findGeographicArea } from '../src/modules/territories/reference.js';
import { benchDatabases, formatCount, formatRatio, formatSeconds, printTable, timed } from './harness.js';

// The CSV import validates every row, checks SIRETs against the territory in chunks, inserts in
// chunks of 500 and appends one audit event per row, all in one transaction. The naive path a client
// would otherwise take is one createOrganisation call (one transaction, one commit) per row.
const BATCH_SIZES = [1_000, 10_000] as const;
const NAIVE_SIZE = 1_000;
const PAGE_SIZE = 200;

const actor = systemActor('bench');
const AMIENS_METROPOLE = '248000531';
const NAF_CODES = ['38.32Z', '10.71C', '01.13Z', '35.11Z', '43.29A', '16.23Z', '95.29Z', '94.99Z', '49.41B', '62.01Z'];
const NAMES = ['Atelier', 'Ferme', 'Coopérative', 'Ressourcerie', 'Énergies', 'Menuiserie', 'Brasserie', 'Fournil', 'Collectif', 'Épicerie'];

function withLuhnKey(digits: string): string {
  for (let key = 0; key < 10; key += 1) {
    const candidate = digits + key;
    let sum = 0;
    for (let i = 0; i < candidate.length; i += 1) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one key digit always completes a Luhn sum');
}

/** Fake but valid organisations: SIREN = 8 digits from the row number + Luhn key, NIC 0001 + key. */
function fakeOrganisations(count: number, offset: number): OrganisationInput[] {
  const communes = findGeographicArea('epci', AMIENS_METROPOLE)!.communes;
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const kind = ORGANISATION_KINDS[n % ORGANISATION_KINDS.length]!;
    const siret = kind === 'citizen_collective' ? null : withLuhnKey(withLuhnKey(String(10_000_000 + n)) + '0001');
    return {
      name: `${NAMES[(n * 7) % NAMES.length]} ${(n * 7919) % 100_003}`,
      kind,
      siret,
      nafCode: kind === 'citizen_collective' ? null : NAF_CODES[n % NAF_CODES.length]!,
      address: `${1 + (n % 120)} rue de la République, Amiens`,
      communeInsee: communes[n % communes.length]!.code,
      latitude: 49.85 + (n % 100) / 1000,
      longitude: 2.25 + (n % 97) / 1000,
    };
  });
}

function toCsv(organisations: readonly OrganisationInput[]): string {
  const quote = (value: unknown) => (value === null || value === undefined ? '' : `"${String(value).replaceAll('"', '""')}"`);
  const lines = organisations.map((o) => [o.name, o.kind, o.siret, o.nafCode, o.address, o.communeInsee, o.latitude, o.longitude].map(quote).join(','));
  return ['name,kind,siret,naf_code,address,commune_insee,latitude,longitude', ...lines].join('\n');
}

async function newTerritory(services: Services, slug: string): Promise<string> {
  await services.territories.createTerritory(actor, { slug, level: 'epci', inseeCode: AMIENS_METROPOLE, currencyCode: 'GRAIN', currencyName: 'Le Grain' });
  return slug;
}

async function listAll(services: Services, slug: string): Promise<{ rows: number; pages: number }> {
  let cursor: string | null = null;
  let rows = 0;
  let pages = 0;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await services.territories.listOrganisations(slug, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    rows += page.items.length;
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return { rows, pages };
}

console.log('Organisations: CSV import (one transaction) vs one createOrganisation call per row, and cursor listing');
for (const database of benchDatabases()) {
  const { handle, dispose } = await database.open();
  try {
    await measure(database.label, createServices(handle));
  } finally {
    await dispose();
  }
}

async function measure(label: string, services: Services): Promise<void> {
  // Loads the official geography and NAF lists, and warms the connections, before timing.
  await services.territories.importOrganisations(actor, await newTerritory(services, 'warm-up'), toCsv(fakeOrganisations(50, 0)));

  const naiveRows = fakeOrganisations(NAIVE_SIZE, 0);
  const naiveSlug = await newTerritory(services, 'naive');
  const naive = await timed(async () => {
    for (const row of naiveRows) await services.territories.createOrganisation(actor, naiveSlug, row);
  });
  const naiveRate = NAIVE_SIZE / (naive.ms / 1000);

  const batches = [];
  for (const size of BATCH_SIZES) {
    const slug = await newTerritory(services, `batch-${size}`);
    const csv = toCsv(fakeOrganisations(size, 0));
    const { ms, result } = await timed(() => services.territories.importOrganisations(actor, slug, csv));
    if (result.length !== size) throw new Error(`imported ${result.length} of ${size} rows`);
    batches.push({ slug, size, ms, rate: size / (ms / 1000) });
  }

  const largest = batches[batches.length - 1]!;
  const listing = await timed(() => listAll(services, largest.slug));
  if (listing.result.rows !== largest.size) throw new Error(`listed ${listing.result.rows} of ${largest.size} rows`);

  console.log(`\n  ${label}`);
  printTable(
    ['path', 'rows', 'time', 'rows/s', 'batch / naive'],
    [
      ['one createOrganisation per row', formatCount(NAIVE_SIZE), formatSeconds(naive.ms), formatCount(naiveRate), ''],
      ...batches.map((b) => ['importOrganisations (CSV)', formatCount(b.size), formatSeconds(b.ms), formatCount(b.rate), formatRatio(b.rate / naiveRate)]),
      ...BATCH_SIZES.filter((size) => size !== NAIVE_SIZE).map((size) => [
        'one call per row, extrapolated',
        formatCount(size),
        formatSeconds((naive.ms / NAIVE_SIZE) * size),
        formatCount(naiveRate),
        '',
      ]),
    ],
  );
  console.log(
    `  listing ${formatCount(listing.result.rows)} organisations by pages of ${PAGE_SIZE}: ${listing.result.pages} pages in ${formatSeconds(listing.ms)}` +
      ` (${(listing.ms / listing.result.pages).toFixed(1)} ms a page)`,
  );
}
