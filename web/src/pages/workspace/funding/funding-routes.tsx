import type { RouteObject } from 'react-router';
import { CampaignsSetupPage } from './campaigns-page';
import { CeePage } from './cee-page';
import { ExpensesPage } from './expenses-page';
import { FundingHomePage } from './funding-home-page';
import { FundingWorkspaceLayout } from './funding-layout';
import { MyPledgesPage } from './my-pledges-page';
import { PlanPage } from './plan-page';
import { PoolsPage } from './pools-page';

/** Funding's pages under /workspace/:slug/funding, for the workspace's route table. */
export const fundingWorkspaceRoute: RouteObject = {
  path: 'funding',
  element: <FundingWorkspaceLayout />,
  children: [
    { index: true, element: <FundingHomePage /> },
    { path: 'task-forces/:id', element: <PlanPage /> },
    { path: 'task-forces/:id/campaigns', element: <CampaignsSetupPage /> },
    { path: 'task-forces/:id/expenses', element: <ExpensesPage /> },
    { path: 'cee', element: <CeePage /> },
    { path: 'pools', element: <PoolsPage /> },
    { path: 'pledges', element: <MyPledgesPage /> },
  ],
};
