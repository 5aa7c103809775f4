import type { RouteObject } from 'react-router';
import { CampaignPage } from './campaign-page';
import { CampaignsPage } from './campaigns-page';

/** The public campaign pages, under /t/:slug; each task force's funding is on its own page. */
export const fundingPortalRoutes: RouteObject[] = [
  { path: 't/:slug/campaigns', element: <CampaignsPage /> },
  { path: 't/:slug/campaigns/:id', element: <CampaignPage /> },
];
