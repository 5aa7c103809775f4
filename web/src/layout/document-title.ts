import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Each route names itself in the browser tab, most specific first (RGAA criterion 8.6). */
export function useDocumentTitle(...parts: (string | undefined)[]): void {
  const { t } = useTranslation();
  const title = [...parts.filter(Boolean), t('app.name')].join(' — ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
