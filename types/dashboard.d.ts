declare module 'virtual:pg2ch-dashboard' {
  const page: { readonly html: string; readonly contentSecurityPolicy: string };
  export default page;
}
