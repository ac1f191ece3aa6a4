import type { Plugin } from 'esbuild';

/** The dashboard page and the Content-Security-Policy that lets its inline script and style run. */
interface DashboardPage {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}

declare function buildDashboardPage(options?: { minify?: boolean }): Promise<DashboardPage>;
declare function dashboardModuleSource(): Promise<string>;
declare const dashboardPagePlugin: Plugin;
declare const virtualId: string;

export type { DashboardPage };
export { buildDashboardPage, dashboardModuleSource, dashboardPagePlugin, virtualId };
