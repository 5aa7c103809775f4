import { useTranslation } from 'react-i18next';

/** The fields the browser found at fault before sending, each linked to its field, like the server's own list. */
export function LocalErrors({ errors, labels, idPrefix }: { errors: Record<string, string>; labels: Record<string, string>; idPrefix: string }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{t('problems.validation_error')}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${idPrefix}-${field}`}>{labels[field] ?? field}</a>
            {t('common.colon')}
            {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
