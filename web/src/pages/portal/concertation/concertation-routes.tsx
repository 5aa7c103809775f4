import type { RouteObject } from 'react-router';
import { ComparisonPage } from './comparison-page';
import { ConcertationPage } from './concertation-page';
import { EditionPage } from './edition-page';
import { ReportPage } from './report-page';

/** The public pages of the yearly workshops, under /t/:slug; an edition is named by its year. */
export const concertationPortalRoutes: RouteObject[] = [
  { path: 't/:slug/concertation', element: <ConcertationPage /> },
  { path: 't/:slug/concertation/snapshots/:id/compare/:otherId', element: <ComparisonPage /> },
  { path: 't/:slug/concertation/:year', element: <EditionPage /> },
  { path: 't/:slug/concertation/:year/report', element: <ReportPage /> },
];
