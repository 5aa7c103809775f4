import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { useDocumentTitle } from '../layout/document-title';

/** Shown when a page fails to render: says so plainly instead of leaving a blank screen. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  useDocumentTitle(t('routeError.title'));
  return (
    <main id="content" className="container main">
      <h1>{t('routeError.title')}</h1>
      <p>{t('routeError.body')}</p>
      {error instanceof Error && (
        <pre className="code-block">
          <code>{error.message}</code>
        </pre>
      )}
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </main>
  );
}
