import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { accountManagementDashboard } from '../dashboards/accounts.ts';
import { billingDashboard } from '../dashboards/billing.ts';
import { type CallCounts, DAY_MS, type DashboardContext } from '../dashboards/context.ts';
import { leadsDashboard } from '../dashboards/leads.ts';
import { salesDashboard } from '../dashboards/sales.ts';
import { supportDashboard } from '../dashboards/support.ts';
import { requireTenant } from '../http/auth.ts';

const DASHBOARDS = {
  sales: { build: salesDashboard, needsCalls: true },
  leads: { build: leadsDashboard, needsCalls: true },
  'account-management': { build: accountManagementDashboard, needsCalls: false },
  support: { build: supportDashboard, needsCalls: false },
  billing: { build: billingDashboard, needsCalls: false },
} as const;

/**
 * The five dashboards, computed per request from the tenant's CRM records and call logs, at
 * `/api/dashboards/<name>` and at the seed's `/<name>-api.php`.
 */
export const dashboardRoutes = () => {
  const app = new Hono<AppEnv>();
  for (const [name, { build, needsCalls }] of Object.entries(DASHBOARDS)) {
    const handler = requireTenant;
    app.get(`/api/dashboards/${name}`, handler, (c) => c.json(build(contextOf(c.var, needsCalls))));
    app.get(`/${name}-api.php`, handler, (c) => c.json(build(contextOf(c.var, needsCalls))));
  }
  return app;
};

const NO_CALLS: CallCounts = new Map();

const contextOf = (vars: AppEnv['Variables'], needsCalls: boolean): DashboardContext => {
  const now = vars.deps.clock();
  const tenantId = vars.tenant.id;
  return {
    tenantId,
    timeZone: vars.tenant.timezone,
    now,
    queries: vars.stores.dashboards,
    calls: needsCalls
      ? vars.stores.calls.countsByAgent(tenantId, {
          from: new Date(now.getTime() - 30 * DAY_MS).toISOString(),
          to: now.toISOString(),
        })
      : NO_CALLS,
    homeState: vars.stores.crm.homeState(tenantId),
  };
};
