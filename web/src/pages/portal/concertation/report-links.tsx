import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { reportPdfUrl } from '../../../concertation-api';
import { reportLanguageOf } from './concertation-format';

export const reportPagePath = (slug: string, year: number) => `/t/${slug}/concertation/${year}/report`;

/** The PDF in the interface language: a plain link, which the browser downloads or opens. */
export function ReportPdfLink({ slug, year, className }: { slug: string; year: number; className?: string }) {
  const { t, i18n } = useTranslation();
  const lang = reportLanguageOf(i18n.language);
  return (
    <a className={className} href={reportPdfUrl(slug, year, lang)} type="application/pdf" hrefLang={lang} download>
      {t('concertation.edition.reportPdf')}
    </a>
  );
}

export function ReportPageLink({ slug, year }: { slug: string; year: number }) {
  const { t } = useTranslation();
  return <Link to={reportPagePath(slug, year)}>{t('concertation.edition.reportPage')}</Link>;
}
