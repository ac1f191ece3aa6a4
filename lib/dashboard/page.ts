// The dashboard page, built from dashboard/ by esbuild when this module is loaded (lib/dashboard/build.mjs).
import page from 'virtual:pg2ch-dashboard';

/** The self-contained dashboard HTML and the Content-Security-Policy to serve it with. */
const dashboardPage: { readonly html: string; readonly contentSecurityPolicy: string } = page;

export { dashboardPage };
