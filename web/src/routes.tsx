import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/app-layout';
import { RouteErrorPage } from './pages/route-error-page';
import { NotFoundPage } from './pages/not-found-page';
import { AcceptanceDirectoryPage } from './pages/portal/currency/acceptance-directory-page';
import { CurrencyPage } from './pages/portal/currency/currency-page';
import { PaymentRequestPage } from './pages/portal/currency/payment-request-page';
import { TimeBankDirectoryPage } from './pages/portal/time-bank/time-bank-directory-page';
import { ChroniclePage } from './pages/portal/pact/chronicle-page';
import { CommitmentPage } from './pages/portal/pact/commitment-page';
import { PactPage } from './pages/portal/pact/pact-page';
import { TaskForcePage } from './pages/portal/pact/task-force-page';
import { VisionVersionsPage } from './pages/portal/pact/vision-versions-page';
import { InvitationPage } from './pages/portal/invitation-page';
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
import { pactWorkspaceRoute } from './pages/workspace/pact/pact-routes';
import { WalletPage } from './pages/workspace/wallet/wallet-page';
import { PaymentRequestsPage } from './pages/workspace/payment-requests/payment-requests-page';
import { TimeBankPage } from './pages/workspace/time-bank/time-bank-page';
import { PayrollPage } from './pages/workspace/salary-share/payroll-page';
import { SalarySharePage } from './pages/workspace/salary-share/salary-share-page';
import { OperatorAccountsPage } from './pages/workspace/currency-operator/operator-accounts-page';
import { OperatorBooksPage } from './pages/workspace/currency-operator/operator-books-page';
import { OperatorLayout } from './pages/workspace/currency-operator/operator-layout';
import { OperatorOverviewPage } from './pages/workspace/currency-operator/operator-overview-page';
import { OperatorSettingsPage } from './pages/workspace/currency-operator/operator-settings-page';
import { MetabolismPage } from './pages/portal/metabolism/metabolism-page';
import { SynergyPage } from './pages/portal/metabolism/synergy-page';
import { IndicatorsIndexPage } from './pages/portal/indicators/indicators-index-page';
import { IndicatorsOverviewPage } from './pages/portal/indicators/indicators-overview-page';
import { IndicatorPage } from './pages/portal/indicators/indicator-page';
import { indicatorsWorkspaceRoute } from './pages/workspace/indicators/indicators-routes';
import { fundingPortalRoutes } from './pages/portal/funding/funding-routes';
import { fundingWorkspaceRoute } from './pages/workspace/funding/funding-routes';
import { certificatesPortalRoutes } from './pages/portal/certificates/certificates-routes';
import { certificatesWorkspaceRoute } from './pages/workspace/certificates/certificates-routes';
import { concertationWorkspaceRoute } from './pages/workspace/concertation/concertation-routes';
import { concertationPortalRoutes } from './pages/portal/concertation/concertation-routes';
import { MetabolismLayout } from './pages/workspace/metabolism/metabolism-layout';
import { MetabolismHomePage } from './pages/workspace/metabolism/metabolism-home-page';
import { FlowsEditorPage } from './pages/workspace/metabolism/flows-page';
import { MetabolismImportsPage } from './pages/workspace/metabolism/imports-page';
import { ReconciliationPage } from './pages/workspace/metabolism/reconciliation-page';
import { OffersNeedsPage } from './pages/workspace/metabolism/offers-needs-page';
import { MatchesPage } from './pages/workspace/metabolism/matches-page';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <TerritoryListPage /> },
      { path: 't/:slug', element: <TerritoryHomePage /> },
      { path: 't/:slug/currency', element: <CurrencyPage /> },
      { path: 't/:slug/currency/directory', element: <AcceptanceDirectoryPage /> },
      { path: 't/:slug/time-bank', element: <TimeBankDirectoryPage /> },
      { path: 't/:slug/pay/:requestId', element: <PaymentRequestPage /> },
      { path: 't/:slug/pact', element: <PactPage /> },
      { path: 't/:slug/pact/vision', element: <VisionVersionsPage /> },
      { path: 't/:slug/task-forces/:id', element: <TaskForcePage /> },
      { path: 't/:slug/commitments/:id', element: <CommitmentPage /> },
      { path: 't/:slug/chronicle', element: <ChroniclePage /> },
      { path: 't/:slug/metabolism', element: <MetabolismPage /> },
      { path: 't/:slug/metabolism/synergies/:id', element: <SynergyPage /> },
      { path: 't/:slug/indicators', element: <IndicatorsIndexPage /> },
      { path: 't/:slug/indicators/overview', element: <IndicatorsOverviewPage /> },
      { path: 't/:slug/indicators/:code', element: <IndicatorPage /> },
      ...fundingPortalRoutes,
      ...certificatesPortalRoutes,
      ...concertationPortalRoutes,
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'sign-up', element: <SignUpPage /> },
      { path: 'invitation/:token', element: <InvitationPage /> },
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
              { path: 'wallet', element: <WalletPage /> },
              { path: 'payment-requests', element: <PaymentRequestsPage /> },
              { path: 'time-bank', element: <TimeBankPage /> },
              { path: 'salary-share', element: <SalarySharePage /> },
              { path: 'payroll', element: <PayrollPage /> },
              {
                path: 'currency-operator',
                element: <OperatorLayout />,
                children: [
                  { index: true, element: <OperatorOverviewPage /> },
                  { path: 'accounts', element: <OperatorAccountsPage /> },
                  { path: 'settings', element: <OperatorSettingsPage /> },
                  { path: 'books', element: <OperatorBooksPage /> },
                ],
              },
              { path: 'organisations', element: <OrganisationsPage /> },
              { path: 'organisations/new', element: <OrganisationNewPage /> },
              { path: 'organisations/import', element: <OrganisationImportPage /> },
              { path: 'organisations/:organisationId', element: <OrganisationDetailPage /> },
              { path: 'organisations/:organisationId/edit', element: <OrganisationEditPage /> },
              { path: 'people', element: <PeoplePage /> },
              {
                path: 'metabolism',
                element: <MetabolismLayout />,
                children: [
                  { index: true, element: <MetabolismHomePage /> },
                  { path: 'flows', element: <FlowsEditorPage /> },
                  { path: 'imports', element: <MetabolismImportsPage /> },
                  { path: 'reconciliation', element: <ReconciliationPage /> },
                  { path: 'offers-and-needs', element: <OffersNeedsPage /> },
                  { path: 'matches', element: <MatchesPage /> },
                ],
              },
              pactWorkspaceRoute,
              indicatorsWorkspaceRoute,
              fundingWorkspaceRoute,
              certificatesWorkspaceRoute,
              concertationWorkspaceRoute,
              { path: 'api-tokens', element: <ApiTokensPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
