import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { RouteErrorPage } from './pages/route-error-page';
import { NotFoundPage } from './pages/not-found-page';
import { SignInPage } from './pages/portal/sign-in-page';
import { SignUpPage } from './pages/portal/sign-up-page';
import { TerritoryHomePage } from './pages/portal/territory-home-page';
import { TerritoryListPage } from './pages/portal/territory-list-page';
import { ApiTokensPage } from './pages/workspace/api-tokens-page';
import { OrganisationDetailPage } from './pages/workspace/organisation-detail-page';
import { OrganisationEditPage } from './pages/workspace/organisation-edit-page';
import { OrganisationImportPage } from './pages/workspace/organisation-import-page';
import { OrganisationNewPage } from './pages/workspace/organisation-new-page';
import { OrganisationsPage } from './pages/workspace/organisations-page';
import { PeoplePage } from './pages/workspace/people-page';
import { RequireSession } from './pages/workspace/require-session';
import { WorkspaceHomePage } from './pages/workspace/workspace-home-page';
import { WorkspaceIndexPage } from './pages/workspace/workspace-index-page';
import { WorkspaceLayout } from './pages/workspace/workspace-layout';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <TerritoryListPage /> },
      { path: 't/:slug', element: <TerritoryHomePage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'sign-up', element: <SignUpPage /> },
      {
        path: 'workspace',
        element: <RequireSession />,
        children: [
          { index: true, element: <WorkspaceIndexPage /> },
          {
            path: ':slug',
            element: <WorkspaceLayout />,
            children: [
              { index: true, element: <WorkspaceHomePage /> },
              { path: 'organisations', element: <OrganisationsPage /> },
              { path: 'organisations/new', element: <OrganisationNewPage /> },
              { path: 'organisations/import', element: <OrganisationImportPage /> },
              { path: 'organisations/:organisationId', element: <OrganisationDetailPage /> },
              { path: 'organisations/:organisationId/edit', element: <OrganisationEditPage /> },
              { path: 'people', element: <PeoplePage /> },
              { path: 'api-tokens', element: <ApiTokensPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
