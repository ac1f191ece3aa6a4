/** The sync function and handler file name of a registry key: `sync` + PascalCase (ad_groups -> syncAdGroups). */
function syncFunctionName(key: string): string {
  const pascal = key
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `sync${pascal}`;
}

export { syncFunctionName };
