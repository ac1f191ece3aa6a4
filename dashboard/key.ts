// The API key: from the URL fragment `#key=…` (never sent to a server; removed from the address bar at once) or
// the key form, kept in sessionStorage for this tab only.

const storageKey = 'pg2ch.kpiApiKey';

/** Takes a key from `#key=…` into sessionStorage and clears the fragment; returns the key in use, if any. */
function readApiKey(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromFragment = fragment.get('key');
  if (fromFragment) {
    sessionStorage.setItem(storageKey, fromFragment);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(storageKey);
}

function saveApiKey(key: string): void {
  sessionStorage.setItem(storageKey, key);
}

function forgetApiKey(): void {
  sessionStorage.removeItem(storageKey);
}

export { forgetApiKey, readApiKey, saveApiKey };
