import {
  AccountManagementDashboard,
  BillingDashboard,
  LeadsDashboard,
  SalesDashboard,
  SupportDashboard,
} from '@call-ribbon/contract';
import { createRoute } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { accountManagementDashboard } from '../dashboards/accounts.ts';
import { billingDashboard } from '../dashboards/billing.ts';
import { type CallCounts, DAY_MS, type DashboardContext } from '../dashboards/context.ts';
import { leadsDashboard } from '../dashboards/leads.ts';
import { salesDashboard } from '../dashboards/sales.ts';
import { supportDashboard } from '../dashboards/support.ts';
import { requireTenant } from '../http/auth.ts';
import { API_KEY, component, json, routeApp, tenantErrors } from '../openapi/declare.ts';
import type { Tenant } from '../stores/index.ts';

interface Dashboard {
  slug: string;
  title: string;
  schema: z.ZodType;
  build: (context: DashboardContext) => Promise<unknown>;
  /** Sales and leads count calls per rep over the last 30 days. */
  needsCalls: boolean;
}

const DASHBOARDS: Dashboard[] = [
  { slug: 'sales', title: 'Sales', schema: SalesDashboard, build: salesDashboard, needsCalls: true },
  { slug: 'leads', title: 'Leads', schema: LeadsDashboard, build: leadsDashboard, needsCalls: true },
  {
    slug: 'account-management',
    title: 'Account management',
    schema: AccountManagementDashboard,
    build: accountManagementDashboard,
    needsCalls: false,
  },
  { slug: 'support', title: 'Support', schema: SupportDashboard, build: supportDashboard, needsCalls: false },
  { slug: 'billing', title: 'Billing', schema: BillingDashboard, build: billingDashboard, needsCalls: false },
];

const camelCase = (slug: string) => slug.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const pascalCase = (slug: string) => camelCase(slug).replace(/^\w/, (letter) => letter.toUpperCase());

/** Each dashboard at `/api/dashboards/<slug>` and at the seed's `/<slug>-api.php`: two operations. */
const declarations = DASHBOARDS.flatMap((dashboard) => {
  const response = {
    200: json(
      `The ${dashboard.title.toLowerCase()} dashboard`,
      component(`${pascalCase(dashboard.slug)}Dashboard`, dashboard.schema),
    ),
    ...tenantErrors(),
  };
  const common = { method: 'get' as const, tags: ['Dashboards'], security: API_KEY, responses: response };
  return [
    {
      dashboard,
      route: createRoute({
        ...common,
        path: `/api/dashboards/${dashboard.slug}`,
        operationId: `${camelCase(dashboard.slug)}Dashboard`,
        summary: `${dashboard.title} dashboard`,
        description:
          'Computed from the client’s CRM records and call logs at request time, in the client’s time zone.',
      }),
    },
    {
      dashboard,
      route: createRoute({
        ...common,
        path: `/${dashboard.slug}-api.php`,
        operationId: `${camelCase(dashboard.slug)}DashboardSeedPath`,
        summary: `${dashboard.title} dashboard (seed path)`,
        description: `The same response as \`/api/dashboards/${dashboard.slug}\`, at the path pages written against the seed already call.`,
      }),
    },
  ];
});

const NO_CALLS: CallCounts = new Map();

/**
 * The five dashboards, computed per request from the tenant's CRM records and call logs, at
 * `/api/dashboards/<name>` and at the seed's `/<name>-api.php`.
 */
export const dashboardRoutes = (deps: AppDeps) => {
  const { stores } = deps;
  const contextOf = async (tenant: Tenant, needsCalls: boolean): Promise<DashboardContext> => {
    const now = deps.clock();
    const [calls, homeState] = await Promise.all([
      needsCalls
        ? stores.callStats.byAgent(tenant.id, { from: now.getTime() - 30 * DAY_MS, to: now.getTime() })
        : NO_CALLS,
      stores.crm.homeState(tenant.id),
    ]);
    return {
      tenantId: tenant.id,
      timeZone: tenant.timezone,
      now,
      queries: stores.dashboards,
      calls,
      homeState,
    };
  };
  const app = routeApp();
  const tenant = requireTenant(deps);
  for (const { dashboard, route } of declarations) {
    app.openapi({ ...route, middleware: [tenant] }, async (c) =>
      c.json(await dashboard.build(await contextOf(c.var.tenant, dashboard.needsCalls)), 200),
    );
  }
  return app;
};
