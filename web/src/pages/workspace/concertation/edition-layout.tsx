import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import type { Edition } from '../../../concertation-contract';
import { ProblemAlert } from '../../../components/problem-alert';
import { Loading } from '../../../components/query-state';
import { useWorkspace, type WorkspaceContext } from '../workspace-layout';
import { useConcertationProblem } from './concertation-problem';
import { useEdition } from './concertation-queries';

export interface EditionConsoleContext extends WorkspaceContext {
  year: number;
  edition: Edition;
}

/** The edition a console page belongs to, with the workspace around it. */
export function useEditionConsole(): EditionConsoleContext {
  return useOutletContext<EditionConsoleContext>();
}

/** One edition's console: its title and phase, then a sub-navigation over what facilitators run. */
export function EditionLayout() {
  const { t } = useTranslation();
  const context = useWorkspace();
  const year = Number(useParams().year);
  const edition = useEdition(context.slug, year);
  const problem = useConcertationProblem(edition.error);
  const base = `/workspace/${context.slug}/concertation/${year}`;
  if (edition.isPending) return <Loading />;
  if (!edition.data) return <ProblemAlert problem={problem} />;
  const consoleContext: EditionConsoleContext = { ...context, year, edition: edition.data };
  const sections = [
    { path: '', label: t('concertationWorkspace.editionNav.phase') },
    { path: '/sessions', label: t('concertationWorkspace.editionNav.sessions') },
    { path: '/initiatives', label: t('concertationWorkspace.editionNav.initiatives') },
    { path: '/evaluation', label: t('concertationWorkspace.editionNav.evaluation') },
    { path: '/vision', label: t('concertationWorkspace.editionNav.vision') },
    { path: '/balance', label: t('concertationWorkspace.editionNav.balance') },
  ];
  return (
    <>
      <p className="back-link">
        <Link to={`/workspace/${context.slug}/concertation`}>{t('concertationWorkspace.edition.allEditions')}</Link>
      </p>
      <h1>{t('concertationWorkspace.edition.heading', { year, title: edition.data.title })}</h1>
      <p>
        <span className="badge">{t(`concertationWorkspace.phases.${edition.data.phase}`)}</span>{' '}
        <Link to={`/t/${context.slug}/concertation/${year}`}>{t('concertationWorkspace.edition.publicPage')}</Link>
      </p>
      {!edition.data.can.manage && <p className="alert alert--info">{t('concertationWorkspace.edition.readOnly')}</p>}
      <nav className="sub-nav" aria-label={t('concertationWorkspace.editionNav.label', { year })}>
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <NavLink to={`${base}${section.path}`} end>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={consoleContext} />
    </>
  );
}
