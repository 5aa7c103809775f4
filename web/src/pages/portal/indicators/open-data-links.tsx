import { useTranslation } from 'react-i18next';
import { openDataUrl } from '../../../indicators-api';
import { territoryOpenDataFiles, type IndicatorFiles, type Licence } from '../../../indicators-contract';

interface FileLink {
  file: string;
  label: string;
  format: string;
}

function FileList({ slug, links, labelledBy }: { slug: string; links: FileLink[]; labelledBy: string }) {
  return (
    <ul className="download-list" aria-labelledby={labelledBy}>
      {links.map((link) => (
        <li key={link.file}>
          <a href={openDataUrl(slug, link.file)} download={link.file.endsWith('.zip') ? link.file : undefined}>
            {link.label}
          </a>
          <span className="download__format"> ({link.format})</span>
        </li>
      ))}
    </ul>
  );
}

function LicenceNote({ licence }: { licence: Licence }) {
  const { t } = useTranslation();
  return (
    <p className="muted">
      {t('indicators.downloads.licence')}{' '}
      <a href={licence.path} hrefLang="fr">
        {licence.title}
      </a>
      .
    </p>
  );
}

/** Everything of the territory at once: the Frictionless data package, the zip, the catalogue and every value. */
export function TerritoryOpenData({ slug, licence }: { slug: string; licence: Licence }) {
  const { t } = useTranslation();
  const links: FileLink[] = [
    { file: territoryOpenDataFiles.archive, label: t('indicators.downloads.archive'), format: t('indicators.downloads.formats.zip') },
    { file: territoryOpenDataFiles.datapackage, label: t('indicators.downloads.datapackage'), format: t('indicators.downloads.formats.datapackage') },
    { file: territoryOpenDataFiles.catalogue, label: t('indicators.downloads.catalogue'), format: t('indicators.downloads.formats.csv') },
    { file: territoryOpenDataFiles.observations, label: t('indicators.downloads.observations'), format: t('indicators.downloads.formats.csv') },
  ];
  return (
    <section aria-labelledby="open-data-heading" className="section">
      <h2 id="open-data-heading">{t('indicators.downloads.territoryTitle')}</h2>
      <p className="narrow">{t('indicators.downloads.territoryIntro')}</p>
      <FileList slug={slug} links={links} labelledBy="open-data-heading" />
      <LicenceNote licence={licence} />
    </section>
  );
}

/** One indicator's files at their stable addresses, then the bulk ones. */
export function IndicatorOpenData({ slug, files, licence }: { slug: string; files: IndicatorFiles; licence: Licence }) {
  const { t } = useTranslation();
  const own: FileLink[] = [
    { file: files.csv, label: t('indicators.downloads.csv'), format: t('indicators.downloads.formats.csv') },
    { file: files.json, label: t('indicators.downloads.json'), format: t('indicators.downloads.formats.json') },
    { file: files.metadata, label: t('indicators.downloads.metadata'), format: t('indicators.downloads.formats.json') },
    { file: files.progressCsv, label: t('indicators.downloads.progress'), format: t('indicators.downloads.formats.csv') },
  ];
  const bulk: FileLink[] = [
    { file: files.archive, label: t('indicators.downloads.archive'), format: t('indicators.downloads.formats.zip') },
    { file: files.datapackage, label: t('indicators.downloads.datapackage'), format: t('indicators.downloads.formats.datapackage') },
  ];
  return (
    <section aria-labelledby="downloads-heading" className="section">
      <h2 id="downloads-heading">{t('indicators.downloads.title')}</h2>
      <p className="narrow">{t('indicators.downloads.intro')}</p>
      <h3 id="downloads-own-heading">{t('indicators.downloads.ownTitle')}</h3>
      <FileList slug={slug} links={own} labelledBy="downloads-own-heading" />
      <h3 id="downloads-bulk-heading">{t('indicators.downloads.bulkTitle')}</h3>
      <FileList slug={slug} links={bulk} labelledBy="downloads-bulk-heading" />
      <LicenceNote licence={licence} />
    </section>
  );
}
