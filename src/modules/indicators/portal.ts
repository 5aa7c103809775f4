import { notFound } from '../../platform/errors.js';
import { isIndicatorCode } from './model.js';
import {
  ALL_OBSERVATIONS_FILE,
  allObservationsCsv,
  CATALOGUE_FILE,
  catalogueCsv,
  dataPackage,
  dimensionNames,
  indicatorCsv,
  indicatorMetadata,
  LICENCE,
  observationsJson,
  openDataArchive,
  progressCsv,
} from './open-data.js';
import { answerOf, type CachedAnswer } from './page-cache.js';
import type { IndicatorsService } from './service.js';
import { progressOf, summariesOf, type CatalogueFilter, type IndicatorsSnapshot } from './read-model.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';
export const ARCHIVE_FILE = 'open-data.zip';
export const DATAPACKAGE_FILE = 'datapackage.json';

const FILE = /^([a-z][a-z0-9_]{1,63})\.(csv|json|metadata\.json)$/;

const latestOf = (times: Iterable<string>): string | null => [...times].sort().pop() ?? null;

/**
 * The public face of the indicators: each answer is built once, kept in the page cache with its ETag
 * and Last-Modified, and rebuilt after a write. Routes send these bytes as they are.
 */
export class IndicatorsPortal {
  constructor(private readonly indicators: IndicatorsService) {}

  catalogue(slug: string, filter: CatalogueFilter): Promise<CachedAnswer> {
    return this.indicators.pageCache.get(`${slug}\u0000catalogue\u0000${JSON.stringify(filter)}`, async () => {
      const snapshot = await this.indicators.snapshot(slug);
      const items = summariesOf(snapshot, filter);
      const body = JSON.stringify({ territory: territoryOf(snapshot), licence: LICENCE, items });
      return { territoryId: snapshot.territory.id, answer: answerOf(body, JSON_TYPE, latestOf(snapshot.lastModified.values())) };
    });
  }

  /** An indicator's page: definition, current values of every series (footnotes with them), target, progress and its steps. */
  page(slug: string, code: string): Promise<CachedAnswer> {
    return this.indicators.pageCache.get(`${slug}\u0000page\u0000${code}`, async () => {
      const view = await this.indicators.indicatorView(slug, code);
      const progress = progressOf(view.definition, view.observations, view.target);
      const body = JSON.stringify({
        territory: { slug: view.territory.slug, name: view.territory.name },
        indicator: view.definition,
        dimensions: dimensionNames(view.observations),
        observations: view.observations,
        target: view.target,
        progress,
        lastModified: view.lastModified,
        licence: LICENCE,
        files: filesOf(code),
      });
      return { territoryId: view.territory.id, answer: answerOf(body, JSON_TYPE, view.lastModified) };
    });
  }

  /** `datapackage.json`, `catalogue.csv`, `observations.csv`, or `{code}.csv|.json|.metadata.json`. */
  file(slug: string, name: string): Promise<CachedAnswer> {
    return this.indicators.pageCache.get(`${slug}\u0000file\u0000${name}`, async () => {
      if (name === DATAPACKAGE_FILE || name === CATALOGUE_FILE || name === ALL_OBSERVATIONS_FILE) {
        const snapshot = await this.indicators.snapshot(slug);
        const files = territoryFiles(snapshot);
        return { territoryId: snapshot.territory.id, answer: answerOf(files.get(name)!, name.endsWith('.csv') ? CSV_TYPE : JSON_TYPE, latestOf(snapshot.lastModified.values())) };
      }
      const match = FILE.exec(name);
      if (!match || !isIndicatorCode(match[1]!)) throw notFound(`The file ${name}`);
      const [, code, extension] = match as unknown as [string, string, string];
      const view = await this.indicators.indicatorView(slug, code);
      const text =
        extension === 'csv'
          ? indicatorCsv(view.definition, view.observations)
          : extension === 'json'
            ? JSON.stringify(observationsJson(view.definition, view.observations))
            : JSON.stringify(indicatorMetadata(territoryOf(view), view.definition, { target: view.target, progress: progressOf(view.definition, view.observations, view.target), lastModified: view.lastModified }));
      return { territoryId: view.territory.id, answer: answerOf(text, extension === 'csv' ? CSV_TYPE : JSON_TYPE, view.lastModified) };
    });
  }

  progressCsv(slug: string, code: string): Promise<CachedAnswer> {
    return this.indicators.pageCache.get(`${slug}\u0000progress\u0000${code}`, async () => {
      const view = await this.indicators.indicatorView(slug, code);
      const progress = progressOf(view.definition, view.observations, view.target);
      return { territoryId: view.territory.id, answer: answerOf(progressCsv(progress.steps), CSV_TYPE, view.lastModified) };
    });
  }

  /** Everything in one zip, laid out as under /indicators/ so datapackage.json's paths resolve. */
  archive(slug: string): Promise<CachedAnswer> {
    return this.indicators.pageCache.get(`${slug}\u0000archive`, async () => {
      const snapshot = await this.indicators.snapshot(slug);
      return { territoryId: snapshot.territory.id, answer: answerOf(openDataArchive(territoryFiles(snapshot)), 'application/zip', latestOf(snapshot.lastModified.values())) };
    });
  }

  /** Every open-data file by name, for the command line's export and the archive. */
  async exportFiles(slug: string): Promise<Map<string, string>> {
    return territoryFiles(await this.indicators.snapshot(slug));
  }
}

function territoryOf(s: Pick<IndicatorsSnapshot, 'territory'>): { slug: string; name: string } {
  return { slug: s.territory.slug, name: s.territory.name };
}

function filesOf(code: string) {
  return { csv: `${code}.csv`, json: `${code}.json`, metadata: `${code}.metadata.json`, progressCsv: `${code}/progress.csv`, datapackage: DATAPACKAGE_FILE, archive: ARCHIVE_FILE };
}

function territoryFiles(snapshot: IndicatorsSnapshot): Map<string, string> {
  const files = new Map<string, string>();
  const created = latestOf(snapshot.lastModified.values()) ?? new Date(0).toISOString();
  files.set(DATAPACKAGE_FILE, JSON.stringify(dataPackage(territoryOf(snapshot), snapshot.definitions, snapshot.observations, created), null, 2));
  files.set(CATALOGUE_FILE, catalogueCsv(snapshot.definitions));
  const all = snapshot.definitions.flatMap((d) => snapshot.observations.get(d.code) ?? []);
  files.set(ALL_OBSERVATIONS_FILE, allObservationsCsv(new Map(snapshot.definitions.map((d) => [d.code, d])), all));
  for (const d of snapshot.definitions) {
    const observations = snapshot.observations.get(d.code) ?? [];
    const target = snapshot.targets.get(d.code) ?? null;
    files.set(`${d.code}.csv`, indicatorCsv(d, observations));
    files.set(`${d.code}.json`, JSON.stringify(observationsJson(d, observations)));
    const metadata = indicatorMetadata(territoryOf(snapshot), d, { target, progress: progressOf(d, observations, target), lastModified: snapshot.lastModified.get(d.code) ?? null });
    files.set(`${d.code}.metadata.json`, JSON.stringify(metadata, null, 2));
  }
  return files;
}
